package io.multiws.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.multiws.tests.app.WireTestApplication;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser client as the starter serves it: {@code /multi-ws/client.js} and its
 * declarations, with a strong ETag of their content, {@code Cache-Control: no-cache}, and
 * 304 for a request whose {@code If-None-Match} names it. Each web stack runs it through a
 * subclass.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.banner-mode=off")
public abstract class AbstractClientScriptWireTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@LocalServerPort
	protected int port;

	@Test
	void theClientIsServedWithAStrongETagOfItsContent() throws Exception {
		HttpResponse<byte[]> response = get("/multi-ws/client.js", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(resource("io/multiws/client/multi-ws.js"));
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/javascript"));
		assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(
				(etag) -> assertThat(etag).as("a strong ETag").matches("\"[0-9a-f]{32}\""));
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
	}

	@Test
	void aCurrentCopyIsAnswered304() throws Exception {
		String etag = get("/multi-ws/client.js", null).headers().firstValue("ETag").orElseThrow();
		HttpResponse<byte[]> notModified = get("/multi-ws/client.js", etag);
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.body()).isEmpty();
		assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
		assertThat(notModified.headers().firstValue("Cache-Control")).hasValue("no-cache");
		assertThat(get("/multi-ws/client.js", "\"other\", " + etag).statusCode()).as("one of a list").isEqualTo(304);
		assertThat(get("/multi-ws/client.js", "\"0123456789abcdef0123456789abcdef\"").statusCode())
			.as("another version").isEqualTo(200);
	}

	@Test
	void theTypeScriptDeclarationsAreServedBesideIt() throws Exception {
		HttpResponse<byte[]> response = get("/multi-ws/client.d.ts", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(resource("io/multiws/client/multi-ws.d.ts"));
		assertThat(response.headers().firstValue("ETag"))
			.isNotEqualTo(get("/multi-ws/client.js", null).headers().firstValue("ETag"));
	}

	private HttpResponse<byte[]> get(String path, @Nullable String ifNoneMatch) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static byte[] resource(String name) throws IOException {
		try (InputStream input = AbstractClientScriptWireTests.class.getClassLoader().getResourceAsStream(name)) {
			assertThat(input).as(name).isNotNull();
			return input.readAllBytes();
		}
	}

}
