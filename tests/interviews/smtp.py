"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and can refuse
chosen recipients (5xx) or answer "try later" (4xx) a number of times."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from icalendar import Calendar


@dataclass
class Received:
    """One delivered message, parsed, and its calendar part read back with icalendar."""

    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def calendar_part(self):
        for part in self.message.walk():
            if part.get_content_type() == "text/calendar":
                return part
        return None

    @property
    def calendar(self) -> Calendar:
        return Calendar.from_ical(self.calendar_part.get_payload(decode=True))

    @property
    def event(self):
        return self.calendar.walk("VEVENT")[0]

    @property
    def method(self) -> str:
        return str(self.calendar["METHOD"])

    @property
    def sequence(self) -> int:
        return int(self.event["SEQUENCE"])

    @property
    def attendees(self) -> set[str]:
        value = self.event.get("ATTENDEE", [])
        values = value if isinstance(value, list) else [value]
        return {str(v).removeprefix("mailto:") for v in values}

    @property
    def attachment_names(self) -> list[str]:
        return [part.get_filename() for part in self.message.walk() if part.get_filename()]


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    busy_times: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.busy_times > 0:
                self.busy_times -= 1
                return "451 4.3.0 Try again later"
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self):
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def to(self, address: str) -> list[Received]:
        return [item for item in self.received if address in item.recipients]
