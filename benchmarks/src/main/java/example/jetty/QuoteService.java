package example.jetty;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The real service of {@code RealServiceRun}: Jetty 12 (its core Handler API, no servlets) serving
 * {@code GET /quote?basket=N&customer=C} on 127.0.0.1. Prints {@code port N} once it listens, then serves until
 * killed. Runs on Jetty's jars and this module's classes only, never on the benchmarks jar.
 */
public final class QuoteService {
    private QuoteService() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        QueuedThreadPool pool = new QueuedThreadPool(64, 8);
        pool.setName("jetty");
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new QuoteHandler());
        server.start();
        System.out.println("port " + connector.getLocalPort());
        System.out.flush();
        server.join();
    }
}
