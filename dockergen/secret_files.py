"""The files that hold secrets, as data: the default .dockerignore excludes them (DG3004) and
``check`` (and ``init`` when it keeps your .dockerignore) reports the ones a context would expose.

Each entry is a .dockerignore pattern, what it holds, and where the rule comes from, so the
list can be reviewed and extended against its sources:

- shhgit: the file-name signatures of eth0izzle/shhgit's ``config.yaml`` (a secret scanner
  for repositories: ``part: filename|extension|path`` rules);
- gitignore: GitHub's github/gitignore templates (Python, Terraform, Android, Node);
- tool: the tool's own documentation names the file as holding credentials (docker login's
  ``config.json``, kubectl's kubeconfig, Streamlit's ``secrets.toml``, gcloud's key files).

Files a build needs are never listed: ``settings.py``, ``database.yml`` or ``config.php`` are
flagged by scanners for *possibly* holding secrets but are the app's code, and a ``*.sqlite``
file may be data the app ships, so they stay in the context.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SecretFile:
    pattern: str  # a .dockerignore line
    holds: str
    source: str


SECRET_FILES: tuple[SecretFile, ...] = (
    SecretFile("**/.env*", "environment files with credentials", "shhgit ^\\.?env$; gitignore Python .env"),
    SecretFile("**/*.pem", "private keys and certificates", "shhgit extension .pem"),
    SecretFile("**/*.key", "private keys", "shhgit extension ^key(pair)?$"),
    SecretFile("**/*.crt", "certificates (often shipped with their key)", "gitignore (TLS material)"),
    SecretFile("**/*.p12", "key bundles", "shhgit extension .p12"),
    SecretFile("**/*.pfx", "key bundles", "shhgit extension .pfx"),
    SecretFile("**/*.pkcs12", "key bundles", "shhgit extension .pkcs12"),
    SecretFile("**/*.ppk", "PuTTY private keys", "shhgit extension .ppk"),
    SecretFile("**/*.jks", "Java keystores", "shhgit extension .jks; gitignore Android *.jks"),
    SecretFile("**/*.keystore", "Java/Android keystores", "gitignore Android *.keystore"),
    SecretFile("**/*.kdbx", "KeePass databases", "shhgit extension ^kdbx?$"),
    SecretFile("**/*.ovpn", "OpenVPN client configs with keys", "shhgit extension .ovpn"),
    SecretFile("**/id_rsa*", "SSH private keys", "shhgit ^.*_rsa$"),
    SecretFile("**/id_dsa*", "SSH private keys", "shhgit ^.*_dsa$"),
    SecretFile("**/id_ecdsa*", "SSH private keys", "shhgit ^.*_ecdsa$"),
    SecretFile("**/id_ed25519*", "SSH private keys", "shhgit ^.*_ed25519$"),
    SecretFile("**/.ssh", "SSH keys and config", "shhgit path \\.?ssh/config$"),
    SecretFile("**/.gnupg", "GnuPG keyrings", "tool: gpg's home folder"),
    SecretFile("**/.netrc", "login credentials", "shhgit ^(\\.|_)?netrc$"),
    SecretFile("**/_netrc", "login credentials", "shhgit ^(\\.|_)?netrc$"),
    SecretFile("**/.pypirc", "PyPI upload tokens", "tool: twine/setuptools upload config"),
    SecretFile("**/.npmrc", "npm registry tokens", "shhgit ^\\.?npmrc$"),
    SecretFile("**/.git-credentials", "git credential-store passwords", "shhgit ^\\.?git-credentials$"),
    SecretFile("**/.dockercfg", "registry credentials", "shhgit ^\\.?dockercfg$"),
    SecretFile("**/.docker/config.json", "registry credentials", "tool: docker login"),
    SecretFile("**/.kube/config", "Kubernetes cluster credentials", "tool: kubectl"),
    SecretFile("**/kubeconfig", "Kubernetes cluster credentials", "tool: kubectl --kubeconfig"),
    SecretFile("**/*.kubeconfig", "Kubernetes cluster credentials", "tool: kubectl --kubeconfig"),
    SecretFile("**/.aws", "AWS credentials", "shhgit path \\.?aws/credentials$"),
    SecretFile("**/.s3cfg", "S3 credentials", "shhgit ^\\.?s3cfg$"),
    SecretFile("**/.pgpass", "PostgreSQL passwords", "shhgit ^\\.?pgpass$"),
    SecretFile("**/.htpasswd", "web server password hashes", "shhgit ^\\.?htpasswd$"),
    SecretFile("**/credentials.json", "Google OAuth / service credentials", "tool: Google API client quickstarts"),
    SecretFile("**/credentials.xml", "Jenkins credentials", "shhgit credentials.xml"),
    SecretFile("**/service-account*.json", "Google Cloud service-account keys", "tool: gcloud iam keys create"),
    SecretFile("**/client_secret*.json", "Google OAuth client secrets", "tool: Google API console download"),
    SecretFile("**/secrets.json", "app secrets", "tool: the common secrets-file convention"),
    SecretFile("**/secrets.toml", "app secrets (Streamlit's .streamlit/secrets.toml)", "tool: Streamlit"),
    SecretFile("**/secrets.yaml", "app secrets", "tool: the common secrets-file convention"),
    SecretFile("**/secrets.yml", "app secrets", "tool: the common secrets-file convention"),
    SecretFile("**/*.secret", "secret values", "dockergen (DG3004)"),
    SecretFile("**/*.tfstate", "Terraform state (holds resource secrets)", "gitignore Terraform *.tfstate"),
    SecretFile("**/*.tfstate.*", "Terraform state backups", "gitignore Terraform *.tfstate.*"),
    SecretFile("**/*.tfvars", "Terraform variables (often credentials)",
               "shhgit terraform.tfvars; gitignore Terraform"),
    SecretFile("**/instance/config.py", "Flask instance config (SECRET_KEY)", "gitignore Python instance/"),
    SecretFile("**/instance/*.cfg", "Flask instance config", "gitignore Python instance/"),
    SecretFile("**/*.sql.gz", "database dumps", "shhgit ^sql(dump)?$"),
    SecretFile("**/dump.sql", "database dumps", "shhgit dump.sql"),
    SecretFile("**/.bash_history", "shell history", "shhgit ^\\.?(bash_|zsh_|sh_|z)?history$"),
    SecretFile("**/.zsh_history", "shell history", "shhgit ^\\.?(bash_|zsh_|sh_|z)?history$"),
    SecretFile("**/.psql_history", "PostgreSQL client history", "shhgit ^\\.?psql_history$"),
    SecretFile("**/.mysql_history", "MySQL client history", "shhgit ^\\.?mysql_history$"),
)
# Exceptions the build may need: templates of secret files hold no secret.
KEEP: tuple[str, ...] = ("!**/.env.example", "!**/.env.sample", "!**/.env.template")
_NOT_SECRET = (".example", ".sample", ".template", ".dist")


def ignore_lines() -> list[str]:
    """The secrets block of the default .dockerignore, exceptions last (they must win)."""
    return [entry.pattern for entry in SECRET_FILES] + list(KEEP)


def _matches(relpath: str, pattern: str) -> bool:
    core = pattern.removeprefix("**/")
    name = posixpath.basename(relpath)
    if "/" in core:  # a path pattern (.docker/config.json, instance/config.py): its tail
        return relpath == core or relpath.endswith("/" + core) or fnmatch.fnmatchcase(relpath, "*/" + core) \
            or fnmatch.fnmatchcase(relpath, core)
    return fnmatch.fnmatchcase(name, core)


def is_secret(relpath: str) -> bool:
    """True when ``relpath`` (POSIX, relative to the project) is a file the list names."""
    if posixpath.basename(relpath).endswith(_NOT_SECRET):
        return False
    parts = relpath.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]  # a listed folder covers its files
    return any(_matches(prefix, entry.pattern) for entry in SECRET_FILES for prefix in prefixes)


def find_secret_files(root: Path, *, max_depth: int = 4, max_entries: int = 20000) -> list[str]:
    """Secret files (and ``.git``) a few folders deep, sorted; bounded for huge trees."""
    from .inspection.files import SKIP_DIRS

    found: list[str] = []
    seen = 0
    for folder, dirs, files in os.walk(root):
        rel = Path(folder).relative_to(root)
        if ".git" in dirs:
            found.append((rel / ".git").as_posix())
        keep = []
        for name in dirs:
            path = (rel / name).as_posix()
            if name in SKIP_DIRS:
                continue  # virtualenvs (even one called .env), caches: excluded anyway, not secrets
            if is_secret(path):
                found.append(path)
            else:
                keep.append(name)
        dirs[:] = [] if len(rel.parts) >= max_depth else sorted(keep)
        found += [(rel / f).as_posix() for f in files if is_secret((rel / f).as_posix())]
        seen += len(files) + len(dirs)
        if seen > max_entries:
            break
    return sorted(found)


def exposed_by_ignore(root: Path, ignore_text: str) -> list[str]:
    """The secret files under ``root`` that a .dockerignore with ``ignore_text`` lets into the
    build context (``.git`` included): what ``init`` reports when it keeps your .dockerignore."""
    from .check.dockerignore import is_ignored, parse_ignore

    patterns = parse_ignore(ignore_text)
    return [path for path in find_secret_files(root) if not is_ignored(path, patterns)]
