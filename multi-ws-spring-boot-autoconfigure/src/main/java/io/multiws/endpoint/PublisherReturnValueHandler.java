package io.multiws.endpoint;

import io.multiws.core.WsReply;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import org.springframework.core.ReactiveAdapter;

/**
 * Subscribes to a reactive return value ({@code Mono}, {@code Flux}, or any type of
 * Spring's {@code ReactiveAdapterRegistry}) and sends each element, in order, to the
 * session; cancels the subscription when the session closes. Elements are requested
 * without bound: the session's outbound queue and overflow policy pace a fast source. A
 * request is answered with the first element (none: an acknowledgement), and the rest
 * cancelled.
 *
 * @author multi-ws team
 */
final class PublisherReturnValueHandler implements WsReturnValueHandler {

	private final ReactiveAdapter adapter;

	private final SessionSubscriptions subscriptions;

	PublisherReturnValueHandler(ReactiveAdapter adapter, SessionSubscriptions subscriptions) {
		this.adapter = adapter;
		this.subscriptions = subscriptions;
	}

	@Override
	public void handle(Object result, WsSession session, AsyncFailure failure) {
		Publisher<?> publisher = this.adapter.toPublisher(result);
		publisher.subscribe(new SendingSubscriber(session, failure, this.subscriptions));
	}

	@Override
	public void reply(@Nullable Object result, WsSession session, WsReply reply) {
		if (result == null) {
			reply.value(null);
			return;
		}
		this.adapter.toPublisher(result).subscribe(new ReplyingSubscriber(session, reply, this.subscriptions));
	}

	/**
	 * Answers a request with the first element, then cancels.
	 */
	private static final class ReplyingSubscriber implements Subscriber<Object>, Runnable {

		private final WsSession session;

		private final WsReply reply;

		private final SessionSubscriptions subscriptions;

		private volatile @Nullable Subscription subscription;

		ReplyingSubscriber(WsSession session, WsReply reply, SessionSubscriptions subscriptions) {
			this.session = session;
			this.reply = reply;
			this.subscriptions = subscriptions;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.subscription = subscription;
			if (this.subscriptions.add(this.session, this)) {
				subscription.request(1);
			}
		}

		@Override
		public void onNext(Object value) {
			this.subscriptions.remove(this.session, this);
			run();
			this.reply.value(value);
		}

		@Override
		public void onError(Throwable error) {
			this.subscriptions.remove(this.session, this);
			this.reply.error(error);
		}

		@Override
		public void onComplete() {
			this.subscriptions.remove(this.session, this);
			this.reply.value(null);
		}

		/**
		 * Cancel, when the session closed or the first element came.
		 */
		@Override
		public void run() {
			Subscription subscription = this.subscription;
			if (subscription != null) {
				subscription.cancel();
			}
		}

	}

	private static final class SendingSubscriber implements Subscriber<Object>, Runnable {

		private final WsSession session;

		private final AsyncFailure failure;

		private final SessionSubscriptions subscriptions;

		private volatile @Nullable Subscription subscription;

		SendingSubscriber(WsSession session, AsyncFailure failure, SessionSubscriptions subscriptions) {
			this.session = session;
			this.failure = failure;
			this.subscriptions = subscriptions;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.subscription = subscription;
			if (this.subscriptions.add(this.session, this)) {
				subscription.request(Long.MAX_VALUE);
			}
		}

		@Override
		public void onNext(Object value) {
			this.session.send(value);
		}

		@Override
		public void onError(Throwable error) {
			this.subscriptions.remove(this.session, this);
			this.failure.failed(this.session, error);
		}

		@Override
		public void onComplete() {
			this.subscriptions.remove(this.session, this);
		}

		/**
		 * Cancel, when the session closed.
		 */
		@Override
		public void run() {
			Subscription subscription = this.subscription;
			if (subscription != null) {
				subscription.cancel();
			}
		}

	}

}
