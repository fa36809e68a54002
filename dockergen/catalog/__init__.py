"""The catalog: one entry per framework, server, package manager, template and output.

Data plus small pure functions, importing nothing else from dockergen but ``versions``. The
inspection, the plan, the renderer, the wizard and ``dockergen check`` all read these entries,
so adding a framework or a package manager is adding an entry here (docs/architecture.md).
"""

from __future__ import annotations

from .frameworks import FRAMEWORKS, DevServer, Framework, framework, web_frameworks
from .outputs import OUTPUTS, TEMPLATES, Output, Template, output_template, template_ids
from .package_managers import PACKAGE_MANAGERS, PackageManager, lock_files, manager, manager_ids
from .servers import SERVERS, ServerEntry, dev_server_reason, is_dev_command, signal_aware

__all__ = [
    "FRAMEWORKS", "OUTPUTS", "PACKAGE_MANAGERS", "SERVERS", "TEMPLATES", "DevServer", "Framework", "Output",
    "PackageManager", "ServerEntry", "Template", "dev_server_reason", "framework", "is_dev_command", "lock_files",
    "manager", "manager_ids", "output_template", "signal_aware", "template_ids", "web_frameworks",
]
