package io.multiws.sample.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The multi-ws sample on Spring WebFlux and Reactor Netty: the same endpoints, REST
 * controller and chat page as the Servlet sample, from the shared {@code sample-endpoints}
 * module, never the Servlet sample's own package.
 *
 * @author multi-ws team
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = "io.multiws.sample",
		excludeFilters = { @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
				@Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
				@Filter(type = FilterType.REGEX, pattern = "io\\.multiws\\.sample\\.app\\..*") })
@EnableScheduling
public class ReactiveSampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReactiveSampleApplication.class, args);
	}

}
