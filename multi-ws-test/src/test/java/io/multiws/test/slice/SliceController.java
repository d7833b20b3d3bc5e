package io.multiws.test.slice;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A controller of the application, not part of a {@code @WsTest}.
 *
 * @author multi-ws team
 */
@RestController
class SliceController {

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

}
