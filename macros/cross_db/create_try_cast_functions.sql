{#- on-run-start hook: the helper functions postgres__try_cast_to calls. A no-op elsewhere. -#}
{% macro create_try_cast_functions() -%}
    {{ return(adapter.dispatch('create_try_cast_functions', 'account_health')()) }}
{%- endmacro %}

{% macro default__create_try_cast_functions() -%}
    select 1
{%- endmacro %}

{% macro postgres__create_try_cast_functions() -%}
    create schema if not exists {{ target.schema }};
    create or replace function {{ target.schema }}.health_try_double(value text)
    returns double precision language plpgsql immutable as $$
    begin
        return value::double precision;
    exception
        -- '1e400' is a number too large for a double: Infinity, as DuckDB and Spark read it
        -- (so it is out of range everywhere, not unparseable here only); '1e-400' is 0.
        when numeric_value_out_of_range then
            begin
                return case when abs(value::numeric) >= 1 then sign(value::numeric)::double precision * 'Infinity'::double precision
                            else 0 end;
            exception when others then
                return null;
            end;
        when others then
            return null;
    end $$;
    create or replace function {{ target.schema }}.health_try_timestamptz(value text)
    returns timestamptz language plpgsql stable set timezone = 'UTC' as $$
    begin
        -- Postgres reads words such as 'yesterday', 'now', 'epoch' and 'infinity' as timestamps:
        -- relative or unbounded values are never raw data, so they do not parse here either.
        if lower(trim(value)) in ('now', 'today', 'tomorrow', 'yesterday', 'epoch', 'infinity',
                                  '+infinity', '-infinity', 'allballs') then
            return null;
        end if;
        return value::timestamptz;
    exception when others then
        return null;
    end $$;
{%- endmacro %}
