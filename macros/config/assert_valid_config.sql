{#-
    Fail the run, naming the offending rows, when a configuration check returns rows.
    check_sql selects one text column `problem`, one row per problem found.
    The check runs when the model runs (execute), against the seed tables already loaded;
    it is skipped while the seed does not exist yet (e.g. `dbt compile` on an empty warehouse).
-#}
{% macro assert_valid_config(seed_name, check_sql) -%}
    {%- if execute -%}
        {%- set seed_relation = ref(seed_name) -%}
        {%- set existing = adapter.get_relation(
            database=seed_relation.database, schema=seed_relation.schema,
            identifier=seed_relation.identifier
        ) -%}
        {%- if existing is not none -%}
            {%- set result = run_query(check_sql) -%}
            {%- if result.rows | length > 0 -%}
                {%- set problems = [] -%}
                {%- for row in result.rows -%}
                    {%- do problems.append(row[0]) -%}
                {%- endfor -%}
                {{ exceptions.raise_compiler_error(
                    "Invalid scoring configuration in seeds/" ~ seed_name ~ ".csv:\n  - "
                    ~ (problems | sort | join("\n  - "))
                ) }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
