"""A local server that speaks the Wix Pro Gallery REST API (v2) and a Media Manager subset.

It is an independent implementation of the wire format described in the project's API
contract, so that the galleryman client can be exercised (and client/server disagreements
found) without reaching Wix. Standard library + Pillow only; no Qt, no ``galleryman.wix``.

Entry points: :class:`galleryman.sandbox.server.SandboxServer`,
:class:`galleryman.sandbox.faults.FaultSpec`, :func:`galleryman.sandbox.cli.main` and
:func:`galleryman.sandbox.demo.seed_demo`.
"""
