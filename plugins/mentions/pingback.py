"""Pingback 1.0 as both sides speak it: the fault codes of the specification and the
errors a broken XML-RPC message raises (the intake reading a call, the sender an answer)."""

import xmlrpc.client
from xml.parsers.expat import ExpatError

# Fault codes of Pingback 1.0 (hixie.ch/specs/pingback).
SOURCE_MISSING = 0x0010  # the source does not exist or cannot be fetched
NO_LINK = 0x0011  # the source does not link to the target
NO_TARGET = 0x0020  # the target does not exist
TARGET_CLOSED = 0x0021  # the target takes no pingbacks
ALREADY_REGISTERED = 0x0030
ACCESS_DENIED = 0x0031  # e.g. too many requests
UPSTREAM_ERROR = 0x0032

# What reading a broken, truncated or foreign XML-RPC message raises.
XML_ERRORS = (ExpatError, xmlrpc.client.ResponseError, ValueError, TypeError, OverflowError)
