"""Page-wide CSS, added once per run by app.py: readable contrast, visible focus, and on
phones touch targets of at least 44 px."""

from __future__ import annotations

PHONE_MAX_WIDTH_PX = 640
"""Streamlit stacks columns below this width; the phone rules apply there."""

PAGE_CSS = f"""<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] * {{ color: #565964; opacity: 1; }}
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible,
[role="button"]:focus-visible, [tabindex]:focus-visible, iframe:focus-visible {{
  outline: 3px solid #1a5fb4 !important; outline-offset: 2px;
}}
.atlas-table {{ overflow: auto; max-height: 34rem; margin-bottom: 0.5rem; }}
.atlas-table table {{ border-collapse: collapse; width: 100%; font-size: 0.9rem; }}
.atlas-table caption {{ caption-side: top; text-align: left; color: #565964; padding-bottom: 4px; }}
.atlas-table th, .atlas-table td {{
  padding: 0.3rem 0.5rem; border-bottom: 1px solid #e0e0e6; text-align: left; vertical-align: top;
}}
.atlas-table thead th {{ position: sticky; top: 0; background: #f6f6f9; font-weight: 600; }}
.atlas-table tbody th {{ font-weight: 400; }}
.atlas-table .atlas-number {{ text-align: right; font-variant-numeric: tabular-nums; }}
@media (max-width: {PHONE_MAX_WIDTH_PX}px) {{
  .atlas-table a {{ display: inline-flex; align-items: center; min-height: 44px; min-width: 44px; }}
  .block-container, [data-testid="stMainBlockContainer"] {{
    padding-left: 0.75rem; padding-right: 0.75rem; padding-top: 3.5rem;
  }}
  [data-testid="stMain"] button, [data-testid="stSidebar"] button,
  [data-testid="stSidebarCollapsedControl"] button, [data-testid="stExpandSidebarButton"],
  [data-testid="stPageLink-NavLink"], [data-testid="stSidebarNavLink"] {{
    min-height: 44px; min-width: 44px;
  }}
  [data-baseweb="select"] > div, [data-baseweb="input"], [data-baseweb="textarea"] {{
    min-height: 44px;
  }}
}}
</style>"""
