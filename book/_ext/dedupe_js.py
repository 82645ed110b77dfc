"""Drop duplicate <script> entries from every page.

Sphinx 7.x (fixed upstream only in Sphinx 8.2, sphinx-doc/sphinx#13402) can list a
body-only script added via ``app.add_js_file(None, body=...)`` twice (once as
filename ``None``, once as ``''``).  sphinx-thebe 0.3.1 adds such a script with
``const THEBE_JS_URL = ...`` so every Jupyter Book 1.x page throws
"SyntaxError: Identifier 'THEBE_JS_URL' has already been declared".
"""


def _key(js):
    attrs = tuple(sorted((k, str(v)) for k, v in js.attributes.items()))
    return (str(js.filename or ""), js.priority, attrs)


def _dedupe(app, pagename, templatename, context, doctree):
    files = context.get("script_files")
    if not files:
        return
    seen, unique = set(), []
    for js in files:
        k = _key(js) if hasattr(js, "attributes") else ("str", str(js))
        if k not in seen:
            seen.add(k)
            unique.append(js)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _dedupe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
