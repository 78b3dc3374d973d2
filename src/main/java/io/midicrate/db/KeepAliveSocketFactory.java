package io.midicrate.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketOption;

import javax.net.SocketFactory;

import jdk.net.ExtendedSocketOptions;

/**
 * The sockets pgjdbc opens to PostgreSQL, with TCP keep-alive tuned so that a host that vanished (network gone,
 * machine off) is noticed in seconds rather than the operating system's two hours: probes start after
 * {@code idleSeconds} of silence, repeat every {@code idleSeconds}, and three unanswered ones drop the connection.
 * A busy server still answers the probes at kernel level, so a long statement is never cut short by this.
 * pgjdbc instantiates it by name ({@code socketFactory}) with {@code socketFactoryArg} as the argument.
 */
public class KeepAliveSocketFactory extends SocketFactory {

    static final int PROBES = 3;

    private final int idleSeconds;

    public KeepAliveSocketFactory(String idleSeconds) {
        this.idleSeconds = Math.max(1, Integer.parseInt(idleSeconds.trim()));
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.setKeepAlive(true);
        set(socket, ExtendedSocketOptions.TCP_KEEPIDLE, idleSeconds);
        set(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, idleSeconds);
        set(socket, ExtendedSocketOptions.TCP_KEEPCOUNT, PROBES);
        return socket;
    }

    private static void set(Socket socket, SocketOption<Integer> option, int value) throws IOException {
        if (socket.supportedOptions().contains(option)) {
            socket.setOption(option, value);
        }
    }

    // pgjdbc only calls createSocket(); the connected variants are here because SocketFactory demands them.
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new UnsupportedOperationException("pgjdbc connects the socket itself");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new UnsupportedOperationException("pgjdbc connects the socket itself");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new UnsupportedOperationException("pgjdbc connects the socket itself");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        throw new UnsupportedOperationException("pgjdbc connects the socket itself");
    }
}
