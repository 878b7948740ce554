package dev.rempart.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between an operator and the API server, to cut the network between them without
 * touching either (TLS passes through it untouched). Modes:
 *
 * <ul>
 *   <li>{@link #forward()}: bytes flow both ways;
 *   <li>{@link #delay(long)}: each chunk of bytes waits that long each way (a slow link);
 *   <li>{@link #blackhole()}: connections stay open and new ones are accepted, but nothing flows (a
 *       partition, a dropped route: clients learn only from their own timeouts);
 *   <li>{@link #refuse()}: every open connection is reset (RST) and so is each new one at once, as
 *       when a load balancer or the API server's host is restarting: clients learn at once.
 * </ul>
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean blackhole;
  private volatile boolean refuse;
  private volatile long delayMillis;
  private volatile boolean closed;

  TcpProxy(int target) {
    this.target = target;
    try {
      server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "proxy-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  void forward() {
    blackhole = false;
    refuse = false;
    delayMillis = 0;
  }

  void delay(long millis) {
    delayMillis = millis;
  }

  void blackhole() {
    blackhole = true;
  }

  void refuse() {
    refuse = true;
    resetAll();
  }

  /** Resets every open connection (SO_LINGER 0: the peer gets RST, not FIN). */
  void resetAll() {
    for (Socket socket : open) {
      try {
        socket.setSoLinger(true, 0);
        socket.close();
      } catch (IOException e) {
        // already gone
      }
    }
    open.clear();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (refuse) {
          client.setSoLinger(true, 0);
          client.close();
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  // Blackholed bytes are dropped, not held: they are lost as on a dead route.
                  if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                  }
                  if (!blackhole) {
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                }
              } catch (IOException e) {
                // a side closed or was reset
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                close(from);
                close(to);
              }
            },
            "proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void close(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    resetAll();
  }
}
