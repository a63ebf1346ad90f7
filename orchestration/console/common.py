"""What every console page shares: the publication it reads, number formats, band colours."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from orchestration.console import data
from orchestration.settings import publish_dir


def source() -> data.Source:
    """The current publication, resolved once per page run; stops the page with a clear message
    when there is none."""
    try:
        found = data.open_source(publish_dir())
    except data.NoPublication as exc:
        st.error(str(exc))
        st.stop()
    st.sidebar.caption(f"Publication {found.publication_id}, published {found.published_at[:19].replace('T', ' ')} "
                       "UTC. Reload the page to see a newer one.")
    return found


def money(value: float | None) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:,.0f}"


def band_scale() -> alt.Scale:
    return alt.Scale(domain=list(data.BAND_COLOURS), range=list(data.BAND_COLOURS.values()))
