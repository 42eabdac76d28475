#!/usr/bin/python3
"""An SSH/SFTP server on 127.0.0.1 that answers the way a hostile device may, for the tests.

Built on asyncssh (Debian's python3-asyncssh; run it with /usr/bin/python3). It serves --root as the
device's file system (a virtual root: nothing outside it is reachable), accepts any user with any public
key or password, and then misbehaves only where asked:

  --overlong-reads N    every read answer carries N bytes more than were asked for
  --endless-reads       reads never reach end of file: past the real end they answer with filler bytes
                        (a file whose size changes while it is read, or a server that lies about it)
  --fake-name NAME      every folder listing also names NAME (repeatable): a 5-byte regular file whose
                        name may hold '/' or control characters, which no real file system allows
  --refuse-close-of-reopened
                        the close of a file opened for writing without CREAT (an existing file written
                        into, as a ranged upload's extra channels do) fails with SSH_FX_FAILURE

It prints "LISTENING <port>" once it accepts connections, and exits when its standard input closes (the
test fixture holds it open), so an interrupted test run leaves no server behind.
"""

import argparse
import asyncio
import os
import sys
import time

import asyncssh


class AnyLogin(asyncssh.SSHServer):
    """Lets every user in with any key or password: the tests are about what happens after login."""

    def begin_auth(self, username):
        return True

    def public_key_auth_supported(self):
        return True

    def validate_public_key(self, username, key):
        return True

    def password_auth_supported(self):
        return True

    def validate_password(self, username, password):
        return True


def sftp_server_for(options):
    class HostileSftp(asyncssh.SFTPServer):
        def __init__(self, chan):
            super().__init__(chan, chroot=options.root.encode())

        def read(self, file_obj, offset, size):
            data = super().read(file_obj, offset, size)
            if options.endless_reads and len(data) < size:
                data += b'Z' * (size - len(data))
            if options.overlong_reads and data:
                data += b'O' * options.overlong_reads
            return data

        def open(self, path, pflags, attrs):
            file_obj = super().open(path, pflags, attrs)
            if options.refuse_close_of_reopened and pflags & asyncssh.FXF_WRITE and not pflags & asyncssh.FXF_CREAT:
                self._reopened = getattr(self, '_reopened', set()) | {id(file_obj)}
            return file_obj

        def close(self, file_obj):
            super().close(file_obj)
            if id(file_obj) in getattr(self, '_reopened', set()):
                raise asyncssh.SFTPFailure('close refused')

        def listdir(self, path):
            names = list(super().listdir(path))
            now = int(time.time())
            for name in options.fake_name:
                attrs = asyncssh.SFTPAttrs(size=5, permissions=0o100644, uid=os.getuid(), gid=os.getgid(),
                                           atime=now, mtime=now)
                names.append(asyncssh.SFTPName(os.fsencode(name), attrs=attrs))
            return names

    return HostileSftp


async def serve(options):
    server = await asyncssh.create_server(
        AnyLogin, '127.0.0.1', 0,
        server_host_keys=[options.host_key],
        sftp_factory=sftp_server_for(options),
        allow_scp=False)
    port = server.sockets[0].getsockname()[1]
    print('LISTENING %d' % port, flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    server.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--root', required=True)
    parser.add_argument('--host-key', required=True)
    parser.add_argument('--overlong-reads', type=int, default=0)
    parser.add_argument('--endless-reads', action='store_true')
    parser.add_argument('--fake-name', action='append', default=[])
    parser.add_argument('--refuse-close-of-reopened', action='store_true',
                        help='answer SSH_FX_FAILURE to the close of a file opened for writing without CREAT (after closing it)')
    asyncio.run(serve(parser.parse_args()))


if __name__ == '__main__':
    main()
