package example.jetty;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /quote?basket=N&customer=C}: prices a basket of N line items (N in 1..64, default 12) for a
 * customer, with volume discounts and tax, and answers a JSON document of about 1 KB with a checksum. Every
 * request runs {@link #handle}: the hot per-request method a probe is put on. Other paths answer 404.
 */
public final class QuoteHandler extends Handler.Abstract {
    private static final String[] SKUS = {"apple", "bread", "cheese", "dates", "eggs", "flour", "grapes", "honey"};

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"/quote".equals(Request.getPathInContext(request))) {
            Response.writeError(request, response, callback, 404);
            return true;
        }
        String query = request.getHttpURI().getQuery();
        int basket = Math.max(1, Math.min(64, param(query, "basket", 12)));
        long customer = param(query, "customer", 1);
        String body = quote(basket, customer);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
        return true;
    }

    static String quote(int basket, long customer) {
        StringBuilder sb = new StringBuilder(96 * basket + 128);
        sb.append("{\"customer\":").append(customer).append(",\"lines\":[");
        long subtotal = 0;
        long seed = customer * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < basket; i++) {
            seed ^= seed << 13;
            seed ^= seed >>> 7;
            seed ^= seed << 17;
            String sku = SKUS[(int) ((seed >>> 33) % SKUS.length)];
            int qty = 1 + (int) ((seed >>> 40) & 7);
            long unitCents = 99 + ((seed >>> 20) & 1023);
            long line = unitCents * qty;
            if (qty >= 5) {
                line -= line / 10; // volume discount
            }
            subtotal += line;
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"sku\":\"").append(sku).append('-').append(i).append("\",\"qty\":").append(qty)
                    .append(",\"unit\":").append(cents(unitCents)).append(",\"total\":").append(cents(line)).append('}');
        }
        long tax = Math.round(subtotal * 0.0825);
        sb.append("],\"subtotal\":").append(cents(subtotal)).append(",\"tax\":").append(cents(tax))
                .append(",\"total\":").append(cents(subtotal + tax));
        CRC32 crc = new CRC32();
        crc.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        return sb.append(",\"checksum\":\"").append(Long.toHexString(crc.getValue())).append("\"}").toString();
    }

    private static String cents(long c) {
        long abs = Math.abs(c);
        return (c < 0 ? "-" : "") + abs / 100 + "." + (abs % 100 < 10 ? "0" : "") + abs % 100;
    }

    private static int param(String query, String name, int dflt) {
        if (query == null) {
            return dflt;
        }
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                try {
                    return Integer.parseInt(kv.substring(eq + 1));
                } catch (NumberFormatException e) {
                    return dflt;
                }
            }
        }
        return dflt;
    }
}
