package io.multiws.servlet;

import java.lang.reflect.Proxy;

import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fallback path of {@link JettyFrameRules}: a session that is not Jetty's own is left as
 * it is, and its container's parser answers. The hooked path is proven on the wire by
 * the conformance suite on Jetty.
 *
 * @author multi-ws team
 */
class JettyFrameRulesTests {

	@Test
	void aSessionThatIsNotJettysIsLeftAlone() {
		Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { Session.class }, (proxy, method, args) -> {
					throw new UnsupportedOperationException(method.getName());
				});
		assertThat(JettyFrameRules.install(session, 1024)).isFalse();
	}

}
