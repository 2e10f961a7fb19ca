package io.tributary.kit.stage;

import java.io.UncheckedIOException;
import java.net.ConnectException;

import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

import static org.assertj.core.api.Assertions.assertThat;

class RecordFailuresTests {

	@Test
	void infrastructureFailuresAreRetriedAnywhereInTheChain() {
		assertThat(RecordFailures.isTransient(new RedisConnectionFailureException("Unable to connect"))).isTrue();
		assertThat(RecordFailures.isTransient(new IllegalStateException("wrapped", new QueryTimeoutException("slow"))))
			.isTrue();
		assertThat(RecordFailures.isTransient(new TimeoutException("Expiring 3 records"))).isTrue();
		assertThat(RecordFailures.isTransient(new ProducerFencedException("fenced"))).isTrue();
		assertThat(RecordFailures.isTransient(new UncheckedIOException(new ConnectException("refused")))).isTrue();
		assertThat(RecordFailures.isTransient(new TransientFailure("the model timed out", null))).isTrue();
	}

	@Test
	void aRecordsOwnFailureIsNot() {
		assertThat(RecordFailures.isTransient(new IllegalStateException("the model refused this request"))).isFalse();
		assertThat(RecordFailures.isTransient(new NullPointerException())).isFalse();
		assertThat(RecordFailures.isTransient(new SerializationException("cannot write the event"))).isFalse();
		assertThat(RecordFailures.reason("could not be answered", new IllegalArgumentException("body: required")))
			.isEqualTo("could not be answered: IllegalArgumentException: body: required");
	}

}
