package io.multiws.test.slice;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application with an endpoint, the service it uses and a controller, for
 * {@link WsTestSliceTests}.
 *
 * @author multi-ws team
 */
@SpringBootApplication
public class SliceTestApplication {

}
