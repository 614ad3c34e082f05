"""Where files are kept: folders under var/ by default, an S3-compatible bucket when configured.

Each kind of file has its storage alias, so that code names what it stores, never a path:

- ``default``: the media files — partners' logos, Wagtail images and their renditions, the
  library's documents — served by the site's own view under ``/media/`` (``core/media.py``);
- ``opendata``: the open data files and their manifest (``portraits/opendata/``);
- ``backups``: the archives of ``manage.py backup``, read by ``manage.py restore``;
- ``imports``: files uploaded for an import, kept until a job worker (possibly on another
  server) has read them; never served.

Without ``AWS_STORAGE_BUCKET_NAME`` each is a folder of ``VAR_DIR`` (``media/``,
``opendata/``, ``backups/``, ``imports/``), as ``make run`` needs nothing else. With it,
all four are prefixes of that one private bucket (``media/``, ``opendata/``, ``backups/``,
``imports/``, under ``AWS_LOCATION`` when set), shared by every app server and worker.
Nothing is public: objects get no ACL (the bucket's own, private), and the browser never
receives a bucket address — the site serves every file itself, with its privacy checks
and safe headers. Credentials come from ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``
in the environment (read by django-storages) or from the machine's role.
"""

import os


def _folder(folder: str, **options) -> dict:
    return {"BACKEND": "core.storage.VarFolderStorage", "OPTIONS": {"folder": folder, **options}}


def _bucket(bucket: str, prefix: str, backend: str = "storages.backends.s3.S3Storage", **options) -> dict:
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "")
    root = os.environ.get("AWS_LOCATION", "").strip("/")
    return {
        "BACKEND": backend,
        "OPTIONS": {
            "bucket_name": bucket,
            "location": f"{root}/{prefix}" if root else prefix,
            # Empty for AWS itself; MinIO, Ceph, Garage, OVH, Scaleway… give theirs.
            "endpoint_url": endpoint or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Most S3-compatible servers answer on one host name, the bucket in the path.
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or ("path" if endpoint else None),
            "signature_version": "s3v4",
            # Private: no ACL on any object, and any URL made by django-storages is signed and
            # short-lived (the site hands out none: it serves files itself).
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            # A file read from the bucket stays in memory up to 8 MB, then spills to a
            # temporary file (a backup archive can weigh gigabytes).
            "max_memory_size": 8 * 1024 * 1024,
            **options,
        },
    }


def storages_from_environment() -> dict[str, dict]:
    """``STORAGES`` as the environment asks: a new dict at each call, for each settings module."""
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if bucket:
        return {
            # An upload never replaces another file of the same name: it gets a new name.
            "default": _bucket(bucket, "media", "core.storage_s3.MediaS3Storage", file_overwrite=False),
            "opendata": _bucket(bucket, "opendata", file_overwrite=True),
            "backups": _bucket(bucket, "backups", file_overwrite=False),
            "imports": _bucket(bucket, "imports", file_overwrite=False),
            "staticfiles": static,
        }
    return {
        # MEDIA_ROOT (VAR_DIR/media), served under MEDIA_URL by core/media.py.
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        # Each archive and each upload keeps its own name; the open data files are replaced.
        "opendata": _folder("opendata"),
        "backups": _folder("backups", allow_overwrite=False),
        "imports": _folder("imports", allow_overwrite=False),
        "staticfiles": static,
    }
