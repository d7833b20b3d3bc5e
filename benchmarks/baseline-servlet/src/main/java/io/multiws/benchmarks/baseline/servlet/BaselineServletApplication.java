package io.multiws.benchmarks.baseline.servlet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmark baseline: the sample's {@code /echo/{id}} and {@code /rooms/{room}}
 * contract written the usual way on Spring WebSocket, with no multi-ws on the classpath.
 *
 * @author multi-ws team
 */
@SpringBootApplication
public class BaselineServletApplication {

	public static void main(String[] args) {
		SpringApplication.run(BaselineServletApplication.class, args);
	}

}
