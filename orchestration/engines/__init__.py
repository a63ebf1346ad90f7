"""Other warehouses the same dbt models run on: start one, load raw data, compare."""
