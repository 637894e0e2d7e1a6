/*
 * Cold-burst client engine for bench/burst.py: many clients, one connection each, all started at once, on one
 * thread with epoll, so that the measuring client costs the two shared cores as little as possible (the asyncio
 * engine alone needs about 175 ms of CPU to open 1000 connections to nginx; this one about a tenth of that).
 *
 * Every client sends `GET PATH` with `Authorization: TOKEN` and `Connection: close`, reads the answer to the end
 * and, on a non-200, waits for Retry-After (or RETRY_INTERVAL seconds when >= 0) and tries again on a new
 * connection, until 200, GIVE_UP seconds after its first attempt, or after one attempt with NO_RETRY=1.
 *
 * Usage: burst HOST PORT PATH TOKENS_FILE PER_TOKEN GIVE_UP RETRY_INTERVAL NO_RETRY
 * Prints one line per client: `C first_status first_ms attempts final_status ms_to_200` (ms_to_200 is -1 when
 * the client never got a 200; a status below 0 is a client-side failure: -1 connect, -2 write, -3 read,
 * -4 unparseable answer, -5 timeout), then `WALL ms`. Build: cc -O2 -o burst burst.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum phase { CONNECTING, WRITING, READING, WAITING, DONE };

struct client {
	int fd;
	enum phase phase;
	const char *request;
	size_t request_len, written;
	char answer[4096];
	size_t answer_len;
	double started, attempt_started, next_at;
	int attempts, first_status, final_status;
	double first_ms, ms_to_200;
	double retry_after;
};

static int epoll_fd;
static double give_up, retry_interval;
static int no_retry;
static struct sockaddr_in server;

static double now_ms(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static void watch(struct client *c, int op, unsigned events) {
	struct epoll_event event = {.events = events, .data.ptr = c};
	epoll_ctl(epoll_fd, op, c->fd, &event);
}

static void finish_attempt(struct client *c, int status, double retry_after);

static void start_attempt(struct client *c) {
	c->attempts++;
	c->attempt_started = now_ms();
	c->written = 0;
	c->answer_len = 0;
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (c->fd < 0) {
		finish_attempt(c, -1, 1);
		return;
	}
	c->phase = CONNECTING;
	if (connect(c->fd, (struct sockaddr *)&server, sizeof(server)) < 0 && errno != EINPROGRESS) {
		finish_attempt(c, -1, 1);
		return;
	}
	watch(c, EPOLL_CTL_ADD, EPOLLOUT);
}

static void finish_attempt(struct client *c, int status, double retry_after) {
	double now = now_ms();
	if (c->fd >= 0) {
		close(c->fd); /* also drops it from the epoll set */
		c->fd = -1;
	}
	if (c->attempts == 1) {
		c->first_status = status;
		c->first_ms = now - c->started;
	}
	c->final_status = status;
	if (status == 200) {
		c->ms_to_200 = now - c->started;
		c->phase = DONE;
		return;
	}
	double wait_s = retry_interval >= 0 ? retry_interval : retry_after;
	if (no_retry || now + wait_s * 1000.0 - c->started > give_up * 1000.0) {
		c->phase = DONE;
		return;
	}
	c->phase = WAITING;
	c->next_at = now + wait_s * 1000.0;
}

static void parse_answer(struct client *c) {
	c->answer[c->answer_len < sizeof(c->answer) ? c->answer_len : sizeof(c->answer) - 1] = '\0';
	int status = -4;
	if (strncmp(c->answer, "HTTP/1.", 7) == 0 && c->answer_len > 12) {
		status = atoi(c->answer + 9);
	}
	double retry_after = 1;
	char *header = strcasestr(c->answer, "\r\nRetry-After:");
	if (header != NULL) {
		retry_after = atof(header + strlen("\r\nRetry-After:"));
	}
	finish_attempt(c, status, retry_after);
}

static void on_event(struct client *c, unsigned events) {
	if (c->phase == CONNECTING) {
		int error = 0;
		socklen_t length = sizeof(error);
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &length);
		if (error != 0 || (events & (EPOLLERR | EPOLLHUP))) {
			finish_attempt(c, -1, 1);
			return;
		}
		c->phase = WRITING;
	}
	if (c->phase == WRITING) {
		ssize_t n = write(c->fd, c->request + c->written, c->request_len - c->written);
		if (n < 0 && errno != EAGAIN) {
			finish_attempt(c, -2, 1);
			return;
		}
		if (n > 0) {
			c->written += (size_t)n;
		}
		if (c->written == c->request_len) {
			c->phase = READING;
			watch(c, EPOLL_CTL_MOD, EPOLLIN);
		}
		return;
	}
	if (c->phase == READING) {
		for (;;) {
			char scratch[4096];
			char *into = c->answer_len < sizeof(c->answer) - 1 ? c->answer + c->answer_len : scratch;
			size_t room = c->answer_len < sizeof(c->answer) - 1 ? sizeof(c->answer) - 1 - c->answer_len
															   : sizeof(scratch);
			ssize_t n = read(c->fd, into, room);
			if (n > 0) {
				if (into != scratch) {
					c->answer_len += (size_t)n;
				}
				continue;
			}
			if (n == 0) {
				parse_answer(c);
			}
			else if (errno != EAGAIN) {
				c->answer_len > 0 ? parse_answer(c) : finish_attempt(c, -3, 1);
			}
			return;
		}
	}
}

int main(int argc, char **argv) {
	if (argc != 9) {
		fprintf(stderr, "usage: burst HOST PORT PATH TOKENS_FILE PER_TOKEN GIVE_UP RETRY_INTERVAL NO_RETRY\n");
		return 2;
	}
	const char *host = argv[1], *path = argv[3];
	int port = atoi(argv[2]), per_token = atoi(argv[5]);
	give_up = atof(argv[6]);
	retry_interval = atof(argv[7]);
	no_retry = atoi(argv[8]);

	struct rlimit files;
	getrlimit(RLIMIT_NOFILE, &files);
	files.rlim_cur = files.rlim_max;
	setrlimit(RLIMIT_NOFILE, &files);

	memset(&server, 0, sizeof(server));
	server.sin_family = AF_INET;
	server.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &server.sin_addr) != 1) {
		fprintf(stderr, "HOST must be an IPv4 address: %s\n", host);
		return 2;
	}

	FILE *file = fopen(argv[4], "r");
	if (file == NULL) {
		perror(argv[4]);
		return 2;
	}
	int tokens = 0, capacity = 16;
	char **requests = malloc(capacity * sizeof(char *));
	char line[1024];
	while (fgets(line, sizeof(line), file) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0') {
			continue;
		}
		if (tokens == capacity) {
			capacity *= 2;
			requests = realloc(requests, capacity * sizeof(char *));
		}
		if (asprintf(&requests[tokens++],
					 "GET %s HTTP/1.1\r\nHost: %s:%d\r\nAuthorization: %s\r\nConnection: close\r\n\r\n", path,
					 host, port, line) < 0) {
			return 2;
		}
	}
	fclose(file);

	int count = tokens * per_token;
	struct client *clients = calloc((size_t)count, sizeof(struct client));
	for (int i = 0; i < count; i++) {
		clients[i].fd = -1;
		clients[i].request = requests[i / per_token];
		clients[i].request_len = strlen(clients[i].request);
		clients[i].ms_to_200 = -1;
	}
	epoll_fd = epoll_create1(0);
	struct epoll_event *events = calloc((size_t)count, sizeof(struct epoll_event));

	double began = now_ms();
	for (int i = 0; i < count; i++) {
		clients[i].started = now_ms();
		start_attempt(&clients[i]);
	}
	for (;;) {
		double now = now_ms(), next = now + 100;
		int active = 0;
		for (int i = 0; i < count; i++) {
			struct client *c = &clients[i];
			if (c->phase == DONE) {
				continue;
			}
			active++;
			if (c->phase == WAITING) {
				if (c->next_at <= now) {
					start_attempt(c);
				}
				else if (c->next_at < next) {
					next = c->next_at;
				}
			}
			else if (now - c->attempt_started > give_up * 1000.0) {
				finish_attempt(c, -5, 1);
				c->phase = DONE;
			}
		}
		if (active == 0) {
			break;
		}
		int ready = epoll_wait(epoll_fd, events, count, (int)(next - now) + 1);
		for (int i = 0; i < ready; i++) {
			on_event(events[i].data.ptr, events[i].events);
		}
	}
	double wall = now_ms() - began;
	for (int i = 0; i < count; i++) {
		struct client *c = &clients[i];
		printf("C %d %.3f %d %d %.3f\n", c->first_status, c->first_ms, c->attempts, c->final_status, c->ms_to_200);
	}
	printf("WALL %.3f\n", wall);
	return 0;
}
