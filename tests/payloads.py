"""Hostile text for tests: every payload, if it ran or loaded, would show.

A payload that runs script sets `window.__pwned` or opens a dialog (`alert`, `confirm`,
`prompt`); one that loads something asks the remote host `evil.example`. A browser test
puts these into record names and URL parameters and checks that nothing of the kind
happens; unit tests check the escaped forms. Each payload is a record name too, so none is
empty or longer than a name may be.
"""

from __future__ import annotations

import re

EVIL_HOST = "evil.example"
"""The remote host that hostile links and images point at; no request may reach it."""
PWNED = "window.__pwned=1"

HTML = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=1>",
    '<img src="x" onerror="alert(1)">',
    "<svg onload=window.__pwned=1>",
    "<svg><script>window.__pwned=1</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:window.__pwned=1></iframe>",
    "<iframe srcdoc='<script>parent.__pwned=1</script>'></iframe>",
    "<details open ontoggle=window.__pwned=1>",
    "<input autofocus onfocus=window.__pwned=1>",
    "<video><source onerror=window.__pwned=1></video>",
    "<audio src=x onerror=alert(1)>",
    "<object data=javascript:window.__pwned=1>",
    "<embed src=javascript:window.__pwned=1>",
    "<a href=javascript:window.__pwned=1>click</a>",
    "<form action=javascript:window.__pwned=1><button>go</button></form>",
    "<math><mtext><img src=x onerror=window.__pwned=1></mtext></math>",
    "<marquee onstart=window.__pwned=1>x</marquee>",
    "<base href=http://evil.example/>",
    "<meta http-equiv=refresh content='0;url=http://evil.example/'>",
    "<link rel=stylesheet href=http://evil.example/x.css>",
    "<img src=http://evil.example/i.png>",
    "<noscript><p title='</noscript><img src=x onerror=window.__pwned=1>'>",
    "<template><img src=x onerror=window.__pwned=1></template>",
]
ATTRIBUTES = [
    '" onmouseover="window.__pwned=1" x="',
    "' onmouseover='window.__pwned=1' x='",
    '"><img src=x onerror=window.__pwned=1>',
    "'><svg onload=window.__pwned=1>",
    '" autofocus onfocus="alert(1)',
    "x\" style=\"background:url('http://evil.example/a.png')",
]
SCRIPT_STRINGS = [
    "';window.__pwned=1;//",
    '";window.__pwned=1;//',
    "\\';window.__pwned=1;//",
    "</script><script>window.__pwned=1</script>",
    "</SCRIPT ><img src=x onerror=window.__pwned=1>",
    "\u2028window.__pwned=1//",
    "'}};window.__pwned=1;//",
    "javascript:window.__pwned=1",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>window.__pwned=1</script>",
]
TEMPLATE_LITERALS = [
    "${window.__pwned=1}",
    "X${alert(1)}",
    "`+(window.__pwned=1)+`",
    "`;window.__pwned=1;`",
    "\\`${window.__pwned=1}",
    "$${window.__pwned=1}}",
    "${`${window.__pwned=1}`}",
    "{{7*7}}${window.__pwned=1}",
]
MARKDOWN = [
    "![pixel](http://evil.example/pixel.png)",
    "[click me](javascript:window.__pwned=1)",
    "[link](http://evil.example/phish)",
    "<http://evil.example/auto>",
    "[ref][r]\n\n[r]: http://evil.example/ref",
    "**bold** _it_ `code` # heading",
    "$\\href{javascript:window.__pwned=1}{x}$",
    ":red[coloured] :material/warning:",
    "![x](data:image/svg+xml,<svg onload=window.__pwned=1>)",
    "| a | b |\n|---|---|\n| <img src=x onerror=window.__pwned=1> | x |",
]
CSS = [
    "<style>*{background:url(http://evil.example/bg.png)}</style>",
    "<style>@import 'http://evil.example/x.css';</style>",
    "<div style=background-image:url(http://evil.example/d.png)>x</div>",
    "<p style='width:expression(alert(1))'>x</p>",
    "<svg><style>@import url(http://evil.example/s.css)</style></svg>",
]
ENCODED = [
    "&lt;img src=x onerror=window.__pwned=1&gt;",
    "&#60;script&#62;window.__pwned=1&#60;/script&#62;",
    "&#x24;{window.__pwned=1}",
    "%3Cscript%3Ewindow.__pwned=1%3C/script%3E",
    "\\u003cimg src=x onerror=window.__pwned=1\\u003e",
    "<a href=&#106;avascript:window.__pwned=1>x</a>",
]
SERVER_TEMPLATES = [
    "{{7*7}}",
    "{{ cycler.__init__.__globals__.os.name|upper }}",
    "{% for x in range(3) %}x{% endfor %}",
    "{# an unclosed template comment",
]
"""Jinja syntax: folium renders element output as a template, on the server."""
UNICODE = [
    "Pra\u202eguE",  # right-to-left override
    "Kra\u200bków\u200d",  # zero-width space and joiner
    "Ρrаguе",  # Greek Rho and Cyrillic a, e
    "\ufeff<script>window.__pwned=1</script>",
    "\uff1cscript\uff1ewindow.__pwned=1\uff1c/script\uff1e",  # full-width brackets
    "Zalgo z̸̢̛a̶l̷g̵o̸ ${window.__pwned=1}",
]

PAYLOADS: list[str] = [
    *HTML,
    *ATTRIBUTES,
    *SCRIPT_STRINGS,
    *TEMPLATE_LITERALS,
    *MARKDOWN,
    *CSS,
    *ENCODED,
    *SERVER_TEMPLATES,
    *UNICODE,
]

_TOOLTIP_LITERAL = re.compile(r"\.bindTooltip\(\s*`(.*?)`\s*,", re.DOTALL)


def tooltip_literals(rendered: str) -> list[str]:
    """The text of every folium tooltip in a rendered map: what lies between the backticks
    of its JavaScript template literal (with the wrapping <div> removed)."""
    return [
        re.sub(r"^<div[^>]*>|</div>$", "", literal.strip()).strip()
        for literal in _TOOLTIP_LITERAL.findall(rendered)
    ]


def runs_in_a_template_literal(text: str) -> bool:
    """Whether `text`, inside backticks, could end the literal or run an expression."""
    return "`" in text or "${" in text or "\\" in text
