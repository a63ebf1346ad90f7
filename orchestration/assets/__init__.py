"""Dagster assets: raw data, the dbt project, publishing and (later) calibration."""
