package com.example.support;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsReplyException;

import org.springframework.context.annotation.Lazy;

@WsEndpoint("/support/{ticket}")
public class SupportEndpoint {

	private final WsHubs hubs;

	SupportEndpoint(@Lazy WsHubs hubs) {                     // @Lazy: the registry is built from the endpoints
		this.hubs = hubs;
	}

	@OnMessage
	CompletionStage<String> ask(String question) {
		if (question.isBlank()) {
			throw new WsReplyException("Ask a question");                       // the client gets "!<id>:Ask a question"
		}
		return this.hubs.requestUser("agent", question, Duration.ofSeconds(30)); // the agent's reply is the answer
	}

}
