package io.tributary.notification.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a loopback port standing in for a provider (Twilio, Meta, a chat
 * webhook): it records every request as received on the wire and answers from a script
 * per path, or with the path's default answer.
 */
public final class HttpPeer implements AutoCloseable {

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Deque<Answer>> scripted = new ConcurrentHashMap<>();

	private final Map<String, Answer> defaults = new ConcurrentHashMap<>();

	private final Map<String, Runnable> beforeNextAnswer = new ConcurrentHashMap<>();

	private final CountDownLatch closed = new CountDownLatch(1);

	public HttpPeer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(Executors.newFixedThreadPool(4));
		this.server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The answer for a path when nothing is scripted. */
	public HttpPeer answer(String path, Answer answer) {
		this.defaults.put(path, answer);
		return this;
	}

	/** Answers the next requests to a path with these, in order, then the default. */
	public HttpPeer script(String path, Answer... answers) {
		this.scripted.computeIfAbsent(path, (p) -> new ArrayDeque<>()).addAll(List.of(answers));
		return this;
	}

	/**
	 * Runs {@code action} once, when the next request to a path has been received and
	 * before it is answered: what happens elsewhere while a provider is taking a request.
	 */
	public HttpPeer beforeNextAnswer(String path, Runnable action) {
		this.beforeNextAnswer.put(path, action);
		return this;
	}

	public List<Request> requests(Predicate<Request> matching) {
		return this.requests.stream().filter(matching).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			String path = exchange.getRequestURI().getPath();
			Map<String, String> headers = new ConcurrentHashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
			this.requests.add(new Request(Instant.now(), exchange.getRequestMethod(), path, headers,
					new String(in.readAllBytes(), StandardCharsets.UTF_8)));
			Runnable action = this.beforeNextAnswer.remove(path);
			if (action != null) {
				action.run();
			}
			Answer answer = next(path);
			if (answer.hang()) {
				// A provider that never answers: the request stays open until the peer
				// closes, so the client's read timeout is what ends it.
				try {
					this.closed.await(2, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return;
			}
			answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer.status(), (body.length > 0) ? body.length : -1);
			if (body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		}
		catch (IOException ex) {
			// The client gave up (a read timeout under test): nothing to answer.
		}
		finally {
			exchange.close();
		}
	}

	private Answer next(String path) {
		Deque<Answer> queue = this.scripted.get(path);
		Answer answer = (queue != null) ? queue.poll() : null;
		if (answer != null) {
			return answer;
		}
		return this.defaults.getOrDefault(path, Answer.of(404, "{\"error\":\"no such path\"}"));
	}

	@Override
	public void close() {
		this.closed.countDown();
		this.server.stop(0);
	}

	/**
	 * A request as the peer received it.
	 *
	 * @param at when
	 * @param method the method
	 * @param path the path
	 * @param headers headers, names lower-cased
	 * @param body the body as text
	 */
	public record Request(Instant at, String method, String path, Map<String, String> headers, String body) {

	}

	/**
	 * What the peer answers.
	 *
	 * @param status the status
	 * @param body the JSON body
	 * @param headers extra headers
	 * @param hang whether to never answer
	 */
	public record Answer(int status, String body, Map<String, String> headers, boolean hang) {

		public static Answer of(int status, String body) {
			return new Answer(status, body, Map.of(), false);
		}

		public static Answer never() {
			return new Answer(0, "", Map.of(), true);
		}

	}

}
