"""The pieces of packaging/build.py: settings, commands, reproducibility, one module per
installer format (deb, rpm, tarball). Imported with packaging/ on sys.path."""
