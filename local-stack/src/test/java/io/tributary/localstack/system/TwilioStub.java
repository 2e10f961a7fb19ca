package io.tributary.localstack.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server answering as Twilio's Messages API does, counting the messages sent
 * to each recipient: the physical side of "at most once".
 */
final class TwilioStub implements AutoCloseable {

	static final String ACCOUNT = "AC00000000000000000000000000000042";

	private final HttpServer server;

	private final Map<String, AtomicInteger> sentTo = new ConcurrentHashMap<>();

	private final AtomicLong sids = new AtomicLong();

	TwilioStub() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json", this::send);
		this.server.setExecutor(Executors.newFixedThreadPool(4));
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	int sentTo(String phone) {
		AtomicInteger count = this.sentTo.get(phone);
		return (count != null) ? count.get() : 0;
	}

	private void send(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			String form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			for (String pair : form.split("&")) {
				if (pair.startsWith("To=")) {
					String to = URLDecoder.decode(pair.substring(3), StandardCharsets.UTF_8).replace("whatsapp:", "");
					this.sentTo.computeIfAbsent(to, (key) -> new AtomicInteger()).incrementAndGet();
				}
			}
			byte[] answer = ("{\"sid\":\"SM" + this.sids.incrementAndGet() + "\",\"status\":\"queued\"}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(201, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
