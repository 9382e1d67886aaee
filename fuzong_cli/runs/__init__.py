"""What each command does, as a library: read the inputs, decide, and return the command's typed report.

``runs/<command>.py`` holds ``<Name>Report`` (a ``fuzong_cli.report.Report``) and ``run_<command>(…)``. It never
knows typer (that is ``commands/``) nor openpyxl/docx (that is ``write/``).
"""
