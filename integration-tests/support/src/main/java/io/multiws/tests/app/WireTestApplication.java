package io.multiws.tests.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.multiws.hub.WsHubCreatedEvent;
import io.multiws.hub.WsHubRemovedEvent;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The application of the shared wire-level suite: one endpoint per behaviour, usable on
 * every web stack.
 *
 * @author multi-ws team
 */
@SpringBootApplication
public class WireTestApplication {

	@Bean
	HubEvents hubEvents() {
		return new HubEvents();
	}

	@Bean
	HistoryEndpoints.PresenceEvents presenceEvents() {
		return new HistoryEndpoints.PresenceEvents();
	}

	/**
	 * Records hub events.
	 */
	public static class HubEvents {

		public final List<String> created = new CopyOnWriteArrayList<>();

		public final List<String> removed = new CopyOnWriteArrayList<>();

		@EventListener
		void onCreated(WsHubCreatedEvent event) {
			this.created.add(event.getHub().path());
		}

		@EventListener
		void onRemoved(WsHubRemovedEvent event) {
			this.removed.add(event.getHub().path());
		}

	}

}
