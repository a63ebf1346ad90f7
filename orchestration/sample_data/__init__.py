"""Sample-data generator: a realistic, reproducible book of B2B accounts in the raw contract.

Two product profiles (GeneratorConfig.profile):
- `analytics` (default): the bundled sample product, all ten raw tables, driven by a latent
  health path per account (see analytics/);
- `crm`: a different B2B product with its own event vocabulary, far more events per user and only
  accounts, subscription_events, users and product_events; churn follows what users do (see crm/).

Generation is vectorised with NumPy per chunk of accounts (no Python loop per event); strings,
ids and timestamps are formatted by DuckDB on insert. The same configuration gives the same data.

    from orchestration.sample_data import GeneratorConfig, generate
    generate(duckdb.connect(), GeneratorConfig(accounts=100, days=90, seed=1))
"""

from orchestration.raw_contract import RAW_DDL, RAW_TABLES
from orchestration.sample_data.analytics.behaviour import CORE_EVENTS, VALUE_EVENTS
from orchestration.sample_data.analytics.plays import PLAYS
from orchestration.sample_data.config import PROFILES, GeneratorConfig
from orchestration.sample_data.export import write_parquet
from orchestration.sample_data.generate import generate

# RAW_TABLES and RAW_DDL live in orchestration.raw_contract; they are re-exported here for code
# that still imports them from the generator.
__all__ = [
    "CORE_EVENTS",
    "PLAYS",
    "PROFILES",
    "RAW_DDL",
    "RAW_TABLES",
    "VALUE_EVENTS",
    "GeneratorConfig",
    "generate",
    "write_parquet",
]
