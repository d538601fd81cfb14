"""Make stored text safe to show through Streamlit's Markdown (see atlas.escape)."""

from __future__ import annotations

from atlas.escape import markdown as md

__all__ = ["md"]
