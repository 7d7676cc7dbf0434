"""A TCP relay between the app and its database that can play a frozen server.

Frozen, it accepts new connections and never answers them, as a server that hangs does.
The connections it already carries are hung up (the server went away: the client sees the
connection close) or, with ``hang_up=False``, go silent too (the server froze mid-way: the
client waits for an answer that does not come).
"""

from __future__ import annotations

import contextlib
import socket
import threading


def _hang_up(*ends: socket.socket) -> None:
    for end in ends:
        with contextlib.suppress(OSError):
            end.shutdown(socket.SHUT_RDWR)


class Relay:
    """Relays 127.0.0.1:<port> to ``target`` until frozen."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.frozen = False
        self.carried: list[socket.socket] = []
        # Connections that get no answer: accepted while frozen, or frozen mid-way.
        self.silent: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                if self.frozen:
                    self.silent.append(client)
                    continue
                upstream = socket.create_connection(self.target)
                self.carried += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if source in self.silent:
                    continue  # frozen mid-way: what is sent goes nowhere
                sink.sendall(data)
        except OSError:
            pass
        finally:
            _hang_up(source, sink)

    def freeze(self, *, hang_up: bool = True) -> None:
        with self.lock:
            self.frozen = True
            if hang_up:
                _hang_up(*self.carried)
            else:
                self.silent += self.carried
            self.carried.clear()

    def thaw(self) -> None:
        """Answer again; what went silent is hung up (a client then connects afresh)."""
        with self.lock:
            self.frozen = False
            _hang_up(*self.silent)
            for end in self.silent:
                end.close()
            self.silent.clear()

    def close(self) -> None:
        self.freeze()
        self.listener.close()
        self.thaw()
