"""docs/raw-contract.md is written from the raw contract and the staging checks, and kept current."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from orchestration import PROJECT_DIR, raw_contract_docs
from orchestration.raw_contract import CONTRACT
from orchestration.raw_contract_docs import RAW_CONTRACT_DOC, render_raw_contract_doc, staging_checks


def test_docs_raw_contract_page_matches_the_contract():
    assert RAW_CONTRACT_DOC.read_text() == render_raw_contract_doc(), (
        "docs/raw-contract.md is out of date: run `account-health docs`")


def test_every_raw_column_is_documented_with_its_meaning():
    page = render_raw_contract_doc()
    for table, columns in CONTRACT.items():
        assert f"\n## {table}\n" in page
        for column in columns:
            assert column.description, f"{table}.{column.name} has no description in orchestration/raw_contract.py"
            assert f"| `{column.name}` | {'yes' if column.required else ''} | {column.type} |" in page


def test_the_page_says_what_staging_does_with_a_bad_value():
    page = render_raw_contract_doc()
    # a required timestamp rejects the row; an optional number is emptied; bounds from dbt_project.yml
    assert ("| `occurred_at` | yes | timestamp | when it happened | years 1971 to 2100 | row rejected: "
            "`unparseable`, `out_of_range`, `missing_value`, `in_future`, `before_account_created` |") in page
    assert ("| `quantity` |  | double | how many actions the event stands for (default 1) | 0 to 10,000 | "
            "value emptied, row kept: `unparseable`, `out_of_range` |") in page
    assert "| `seats_purchased` |  | integer | current seats | whole, 1 to 1,000,000 |" in page
    assert "A row whose due_date or paid_at is before issued_at is rejected (`inconsistent`)." in page
    tickets = staging_checks("support_tickets")
    assert tickets.required == ("created_at",)
    assert tickets.column_reasons["severity"] == ["unknown_value"]
    assert staging_checks("cs_actions").repaired == {"component": ["unknown_value"]}


def test_a_new_reason_code_in_a_base_model_fails_until_documented(tmp_path):
    folder = tmp_path / "base"
    shutil.copytree(raw_contract_docs.BASE_MODELS, folder)
    model = folder / "base_raw__users.sql"
    model.write_text(model.read_text().replace('"inconsistent"', '"time_travel"'))
    with pytest.raises(ValueError, match="'time_travel'.*REASONS"):
        staging_checks("users", folder)


ARCHITECTURE_DOC = PROJECT_DIR / "docs" / "architecture.md"


def test_the_architecture_page_says_where_every_rule_is_decided():
    """Every tunable var of dbt_project.yml and every seed has a row in the rule -> file table."""
    page = ARCHITECTURE_DOC.read_text()
    table = page[page.index("## Where each rule is decided"):]
    declared = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    missing = [var for var in declared if f"`{var}`" not in page]
    assert not missing, f"docs/architecture.md does not say where these vars are decided: {missing}"
    seeds = [path.name for path in (PROJECT_DIR / "seeds").glob("*.csv")]
    assert seeds and not [seed for seed in seeds if f"`seeds/{seed}`" not in table]


def test_every_file_the_docs_cite_exists():
    known = {path.name for folder in ("models", "macros", "seeds", "orchestration")
             for path in (PROJECT_DIR / folder).rglob("*")}
    for page in (ARCHITECTURE_DOC, RAW_CONTRACT_DOC):  # scoring.md also names report files a run writes
        for cited in re.findall(r"`([\w/.<>-]+\.(?:sql|csv|py|yml))`", page.read_text()):
            if "<" in cited:
                continue
            assert (PROJECT_DIR / cited).exists() or ("/" not in cited and cited in known), f"{page.name} cites {cited}"
