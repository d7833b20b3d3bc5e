package io.multiws.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.multiws.test.WsTestClient;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.TestPropertySource;

/**
 * Annotation for a test of an application's WebSocket endpoints alone, in the spirit of
 * {@code @WebMvcTest}: it starts the {@code @WsEndpoint} beans with their
 * {@code multi-ws.*} configuration on the application's embedded web server, on a random
 * port, and injects a {@link WsTestClient} bound to it, without the rest of the
 * application.
 * <pre class="code">
 * &#64;WsTest
 * class ChatEndpointTests {
 *
 *     &#64;Autowired
 *     WsTestClient ws;
 *
 *     &#64;MockitoBean
 *     ChatArchive archive;    // a dependency of the endpoint, not in the slice
 *
 * }
 * </pre>
 * Component scanning keeps the {@code @WsEndpoint} beans, {@code WsArgumentResolver},
 * {@code WsListener} and {@code WsRelay} beans, {@code Converter} and
 * {@code GenericConverter} beans, {@code @JacksonComponent} and {@code JacksonModule}
 * beans; the others (services, repositories, controllers) are left out, so the
 * dependencies of an endpoint come from {@code @MockitoBean} or {@code @Import}. The
 * auto-configurations are those of the web server, Spring MVC or WebFlux, Jackson and
 * multi-ws, on the in-process relay ({@code multi-ws.cluster.enabled=false}). An endpoint
 * left out with {@link #excludeFilters()} must have no {@code multi-ws.endpoints} entry.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "multi-ws.cluster.enabled=false")
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(WsTestTypeExcludeFilter.class)
@AutoConfigureWsTestClient
@ImportAutoConfiguration
public @interface WsTest {

	/**
	 * Properties in the form {@literal key=value} that should be added to the Spring
	 * {@code Environment} before the test runs.
	 * @return the properties to add
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] properties() default {};

	/**
	 * Whether default filtering should be used with {@code @SpringBootApplication}: only
	 * the beans listed above are included.
	 * @return if default filters should be used
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Include filters for beans that would otherwise be left out of the context.
	 * @return include filters to apply
	 */
	Filter[] includeFilters() default {};

	/**
	 * Exclude filters for beans that would otherwise be in the context.
	 * @return exclude filters to apply
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configuration exclusions that should be applied for this test.
	 * @return auto-configuration exclusions to apply
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
