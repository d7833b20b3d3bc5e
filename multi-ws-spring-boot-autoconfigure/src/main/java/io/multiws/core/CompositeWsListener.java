package io.multiws.core;

import java.util.ArrayList;
import java.util.List;

import io.multiws.admission.WsRefusalReason;
import io.multiws.hub.OverflowPolicy;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;

/**
 * Calls several {@link WsListener}s in turn, such as metrics and observations.
 *
 * @author multi-ws team
 */
final class CompositeWsListener implements WsListener {

	private final WsListener[] listeners;

	CompositeWsListener(List<WsListener> listeners) {
		this.listeners = listeners.toArray(WsListener[]::new);
	}

	@Override
	public Handshake handshakeStarted(WsEndpointMatch match, HttpRequest request) {
		Handshake[] scopes = new Handshake[this.listeners.length];
		for (int i = 0; i < scopes.length; i++) {
			scopes[i] = this.listeners[i].handshakeStarted(match, request);
		}
		return new Handshake() {

			@Override
			public void checked() {
				for (int i = scopes.length - 1; i >= 0; i--) {
					scopes[i].checked();
				}
			}

			@Override
			public void finished(@Nullable WsUpgradeRefusal refusal, @Nullable Throwable failure) {
				for (int i = scopes.length - 1; i >= 0; i--) {
					scopes[i].finished(refusal, failure);
				}
			}

		};
	}

	@Override
	public void upgradeRefused(@Nullable WsEndpointMatch match, WsRefusalReason reason) {
		for (WsListener listener : this.listeners) {
			listener.upgradeRefused(match, reason);
		}
	}

	@Override
	public WsSessionListener sessionOpened(WsEndpointMatch match) {
		List<WsSessionListener> sessionListeners = new ArrayList<>(this.listeners.length);
		for (WsListener listener : this.listeners) {
			WsSessionListener sessionListener = listener.sessionOpened(match);
			if (sessionListener != WsSessionListener.NONE) {
				sessionListeners.add(sessionListener);
			}
		}
		return switch (sessionListeners.size()) {
			case 0 -> WsSessionListener.NONE;
			case 1 -> sessionListeners.get(0);
			default -> new CompositeSessionListener(sessionListeners.toArray(WsSessionListener[]::new));
		};
	}

	@Override
	public void hubCreated(WsHub hub) {
		for (WsListener listener : this.listeners) {
			listener.hubCreated(hub);
		}
	}

	@Override
	public void hubRemoved(WsHub hub) {
		for (WsListener listener : this.listeners) {
			listener.hubRemoved(hub);
		}
	}

	@Override
	public void broadcastDelivered(WsHub hub, int deliveries) {
		for (WsListener listener : this.listeners) {
			listener.broadcastDelivered(hub, deliveries);
		}
	}

	@Override
	public String toString() {
		return "CompositeWsListener" + List.of(this.listeners);
	}

	private record CompositeSessionListener(WsSessionListener[] listeners) implements WsSessionListener {

		@Override
		public void opened(WsSession session) {
			for (WsSessionListener listener : this.listeners) {
				listener.opened(session);
			}
		}

		@Override
		public boolean observesWrites() {
			for (WsSessionListener listener : this.listeners) {
				if (listener.observesWrites()) {
					return true;
				}
			}
			return false;
		}

		@Override
		public void written(int messages, long bytes, long waitedNanos) {
			for (WsSessionListener listener : this.listeners) {
				if (listener.observesWrites()) {
					listener.written(messages, bytes, waitedNanos);
				}
			}
		}

		/**
		 * Open the scope of every listener; without an allocation when at most one of them
		 * has a scope of its own (the meters have none).
		 */
		@Override
		public Scope messageReceived(Object message) {
			Scope only = Scope.NONE;
			int onlyIndex = -1;
			@Nullable Scope @Nullable [] scopes = null;
			for (int i = 0; i < this.listeners.length; i++) {
				Scope scope = this.listeners[i].messageReceived(message);
				if (scope == Scope.NONE) {
					continue;
				}
				if (onlyIndex < 0) {
					only = scope;
					onlyIndex = i;
					continue;
				}
				if (scopes == null) {
					scopes = new Scope[this.listeners.length];
					scopes[onlyIndex] = only;
				}
				scopes[i] = scope;
			}
			return (scopes != null) ? closeAll(scopes) : only;
		}

		private static Scope closeAll(@Nullable Scope[] scopes) {
			return () -> {
				for (int i = scopes.length - 1; i >= 0; i--) {
					Scope scope = scopes[i];
					if (scope != null) {
						scope.close();
					}
				}
			};
		}

		@Override
		public void messageDropped(OverflowPolicy policy) {
			for (WsSessionListener listener : this.listeners) {
				listener.messageDropped(policy);
			}
		}

		@Override
		public void callbackFailed(String callback, Throwable failure) {
			for (WsSessionListener listener : this.listeners) {
				listener.callbackFailed(callback, failure);
			}
		}

		@Override
		public void closed(WsCloseStatus status) {
			for (WsSessionListener listener : this.listeners) {
				listener.closed(status);
			}
		}

	}

}
