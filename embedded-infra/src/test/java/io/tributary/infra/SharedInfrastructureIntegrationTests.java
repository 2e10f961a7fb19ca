package io.tributary.infra;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.infra.junit.WithKafkaAndRedis;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@WithKafkaAndRedis
class SharedInfrastructureIntegrationTests {

	@Test
	void brokerKeepsAcknowledgedRecordsAcrossARestart(SharedInfrastructure infrastructure) throws Exception {
		KafkaBroker kafka = infrastructure.kafka();
		String topic = "restart-" + UUID.randomUUID();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map
			.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
				new StringSerializer(), new StringSerializer())) {
			producer.send(new ProducerRecord<>(topic, "key", "survives")).get(30, TimeUnit.SECONDS);
		}

		kafka.stop();
		assertThat(kafka.isRunning()).isFalse();
		kafka.start();

		assertThat(readAll(kafka, topic)).containsExactly("survives");
	}

	@Test
	void redisKeepsKeysAcrossARestart(SharedInfrastructure infrastructure) {
		RedisServerProcess redis = infrastructure.redis();
		RedisClient client = RedisClient.create("redis://" + redis.host() + ":" + redis.port());
		try {
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				connection.sync().set("infra:probe", "kept");
				// The append-only file is synced every second; BGREWRITEAOF makes the
				// write durable now.
				connection.sync().bgrewriteaof();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> connection.sync().info("persistence").contains("aof_rewrite_in_progress:0"));
			}
			redis.stop();
			redis.start();
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				assertThat(connection.sync().get("infra:probe")).isEqualTo("kept");
			}
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void springPropertiesPointAtTheRunningServers(SharedInfrastructure infrastructure) {
		assertThat(System.getProperty("spring.kafka.bootstrap-servers"))
			.isEqualTo(infrastructure.kafka().bootstrapServers());
		assertThat(System.getProperty("spring.data.redis.port"))
			.isEqualTo(Integer.toString(infrastructure.redis().port()));
	}

	private static List<String> readAll(KafkaBroker kafka, String topic) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			java.util.ArrayList<String> values = new java.util.ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					values.add(record.value());
				}
				return !values.isEmpty();
			});
			return values;
		}
	}

}
