package io.multiws.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.multiws.test.WsTestClient;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Annotation for a test class, or a configuration class of an application context that a
 * test starts itself, that enables an injected {@link WsTestClient} bound to the
 * application's running web server, as {@code @AutoConfigureWebTestClient} does for
 * {@code WebTestClient}:
 * <pre class="code">
 * &#64;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * &#64;AutoConfigureWsTestClient
 * class GameTests {
 *
 *     &#64;Autowired
 *     WsTestClient ws;
 *
 * }
 * </pre>
 * The client's {@code connect} returns once the server has opened the session (joined
 * it to its hub and run {@code @OnOpen}), reads each endpoint's frames with that
 * endpoint's settings, and writes JSON with the application's {@code JsonMapper}.
 *
 * @author multi-ws team
 * @since 0.2.0
 * @see WsTestClientAutoConfiguration
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureWsTestClient {

}
