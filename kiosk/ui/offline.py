"""Offline always: the QML engine's network access refuses every scheme but ``file:`` and
``qrc:``, and says so in the log.

Text from a bundle is plain text, but a single ``<img src="http://…">`` that reached a rich
text item would make Qt fetch it. This is the lock behind that door: whatever asks, the
engine never opens a connection.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QIODevice, QObject, QUrl
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtQml import QQmlNetworkAccessManagerFactory

log = logging.getLogger(__name__)

ALLOWED = frozenset({"file", "qrc"})


class OfflineAccessManager(QNetworkAccessManager):
    """Serves local files and compiled resources; any other request fails at once."""

    def createRequest(
        self,
        op: QNetworkAccessManager.Operation,
        request: QNetworkRequest,
        outgoing: QIODevice | None = None,
    ) -> QNetworkReply:
        """Hand local requests on; turn the others into an immediate error reply."""
        url = request.url()
        if url.scheme().lower() not in ALLOWED:
            log.warning("refused a network request for %s: the kiosk is offline", url.toString())
            blocked = QNetworkRequest(request)
            blocked.setUrl(QUrl("kiosk-offline:refused"))  # no handler: an error, no socket
            return super().createRequest(op, blocked, outgoing)
        return super().createRequest(op, request, outgoing)


class OfflineFactory(QQmlNetworkAccessManagerFactory):
    """What the engine asks for each of its network access managers."""

    def create(self, parent: QObject) -> QNetworkAccessManager:
        """An OfflineAccessManager owned by ``parent``."""
        return OfflineAccessManager(parent)
