package com.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application of the README's snippets.
 *
 * @author multi-ws team
 */
@SpringBootApplication
public class SnippetsApplication {

	public static void main(String[] args) {
		SpringApplication.run(SnippetsApplication.class, args);
	}

}
