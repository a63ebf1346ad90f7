"""Account health: Python side of the project (sample data, file loading, dbt runs, summaries).

The dbt project at the repository root holds the scoring logic; this package generates and loads
raw data, runs dbt, and reports on the results. Dagster wiring lives here too.
"""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
