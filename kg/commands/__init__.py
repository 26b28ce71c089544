"""CLI commands beyond build/query/validate, one module per task.

Each module defines click commands and lists them in a module-level ``commands`` list;
``kg.cli`` adds them to the ``kg`` group. Use ``kg.cli.reports_errors`` so failures end in
one line, and ``kg.cli.STORE_HELP`` for the ``--store`` option.
"""
