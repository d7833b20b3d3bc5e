package io.multiws.servlet;

import java.lang.reflect.Proxy;

import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fallback path of {@link TomcatFrameRules}: a session that is not Tomcat's own is left as
 * it is, and its container's parser answers. The hooked path is proven on the wire by
 * the conformance suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatFrameRulesTests {

	@Test
	void aSessionThatIsNotTomcatsIsLeftAlone() {
		Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { Session.class }, (proxy, method, args) -> {
					throw new UnsupportedOperationException(method.getName());
				});
		assertThat(TomcatFrameRules.install(session, 1024)).isFalse();
	}

}
