"""Other warehouses the same dbt models run on (SPEC 8): start one, load raw data, compare."""
