/*
 * nodmeld SIP UDP batch I/O — a Node-API addon for the redirect server's UDP socket loop.
 *
 * Why it exists (docs/decisions/0003-native-udp-batch-io.md): node:dgram reads one datagram per
 * system call, allocates 64 KiB for each and calls JavaScript once per datagram. At 10,000 calls/s
 * that is ~20,000 reads and ~30,000 sends a second. This addon watches the socket on Node's own
 * event loop (uv_poll, no threads), drains it with recvmmsg into one preallocated arena and calls
 * JavaScript once per batch; JavaScript writes its responses into a second arena and sends them
 * with one sendmmsg. SIP parsing, transactions and routing stay in TypeScript.
 *
 * Memory: both arenas and both metadata tables are ArrayBuffers allocated by JavaScript and held
 * by references here, so the garbage collector never frees them under us and JavaScript reads and
 * writes them without copies.
 *
 * Layouts (int32 words):
 *   in meta,  10 per slot: length, flags (1 = truncated), port, family (4|6), address (4 words,
 *             raw network-order bytes: IPv4 in word 0, IPv6 in all four), µs the datagram waited
 *             between its arrival in the kernel (SO_TIMESTAMPNS) and this batch (-1: unknown),
 *             the socket's kernel drop counter when the datagram was queued (SO_RXQ_OVFL, uint32)
 *   out meta, 10 per slot: offset, length, port, family, address (as above), 0, 0
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <arpa/inet.h>
#include <errno.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#define META_WORDS 10
#define MAX_BATCH 64
/* Batches per wake-up before yielding to the rest of the event loop (TCP, timers, HTTP). */
#define MAX_ROUNDS 8

typedef struct {
  napi_env env;
  int fd;
  int family;
  uv_poll_t poll;
  int polling;
  int closed;
  int env_gone;
  /* Freed when both are set: libuv is done with the poll handle, and the JS handle is collected. */
  int poll_closed;
  int finalized;
  napi_ref callback;
  napi_ref refs[4];
  napi_async_context async_context;
  napi_ref resource;
  uint8_t *in_buf;
  size_t slot_size;
  int32_t *in_meta;
  uint8_t *out_buf;
  size_t out_size;
  int32_t *out_meta;
  size_t out_slots;
  struct mmsghdr msgs[MAX_BATCH];
  struct iovec iov[MAX_BATCH];
  struct sockaddr_storage addrs[MAX_BATCH];
  char control[MAX_BATCH][CMSG_SPACE(sizeof(struct timespec)) + CMSG_SPACE(sizeof(uint32_t))];
  struct mmsghdr *out_msgs;
  struct iovec *out_iov;
  struct sockaddr_storage *out_addrs;
} Endpoint;

#define CHECK(env, call)                                              \
  do {                                                                \
    if ((call) != napi_ok) {                                          \
      napi_throw_error((env), "ENAPI", "Node-API call failed: " #call); \
      return NULL;                                                    \
    }                                                                 \
  } while (0)

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_value code, message, error;
  napi_create_string_utf8(env, err == EADDRINUSE ? "EADDRINUSE" : (err == EADDRNOTAVAIL ? "EADDRNOTAVAIL" : "ESOCKET"),
                          NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &message);
  napi_create_error(env, code, message, &error);
  napi_value errnoValue;
  napi_create_int32(env, err, &errnoValue);
  napi_set_named_property(env, error, "errno", errnoValue);
  napi_throw(env, error);
  return NULL;
}

static void *arraybuffer_data(napi_env env, napi_value value, size_t *length) {
  void *data = NULL;
  bool is_ab = false;
  napi_is_arraybuffer(env, value, &is_ab);
  if (!is_ab) return NULL;
  if (napi_get_arraybuffer_info(env, value, &data, length) != napi_ok) return NULL;
  return data;
}

/* Drops the references to the arenas and the callback (not while the environment is torn down:
 * it frees them itself). The Endpoint itself stays until `free_if_done`. */
static void release_refs(Endpoint *ep) {
  if (ep->env_gone) return;
  if (ep->callback) napi_delete_reference(ep->env, ep->callback);
  for (int i = 0; i < 4; i++)
    if (ep->refs[i]) napi_delete_reference(ep->env, ep->refs[i]);
  if (ep->async_context) napi_async_destroy(ep->env, ep->async_context);
  if (ep->resource) napi_delete_reference(ep->env, ep->resource);
  ep->callback = NULL;
  ep->resource = NULL;
  ep->async_context = NULL;
  for (int i = 0; i < 4; i++) ep->refs[i] = NULL;
}

static void free_endpoint(Endpoint *ep) {
  free(ep->out_msgs);
  free(ep->out_iov);
  free(ep->out_addrs);
  free(ep);
}

/* The JS handle is garbage: send/close can no longer be called with it. */
static void on_handle_finalized(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Endpoint *ep = (Endpoint *)data;
  ep->finalized = 1;
  if (ep->poll_closed) free_endpoint(ep);
}

static void on_poll_closed(uv_handle_t *handle) {
  Endpoint *ep = (Endpoint *)handle->data;
  ep->poll_closed = 1;
  release_refs(ep);
  if (ep->finalized) free_endpoint(ep);
}

/* Stops watching and closes the socket at once (libuv allows closing the fd right after
 * uv_poll_stop), so the port is free when close() returns. */
static void shut(Endpoint *ep) {
  ep->closed = 1;
  if (ep->polling) uv_poll_stop(&ep->poll);
  ep->polling = 0;
  uv_close((uv_handle_t *)&ep->poll, on_poll_closed);
  close(ep->fd);
  ep->fd = -1;
}

/* The environment (main thread or worker) is shutting down with the socket still open. */
static void on_env_cleanup(void *arg) {
  Endpoint *ep = (Endpoint *)arg;
  ep->env_gone = 1;
  if (!ep->closed) shut(ep);
}

/* The arenas must still be attached (JavaScript marks them untransferable; this is the guard). */
static int arenas_attached(Endpoint *ep) {
  for (int i = 0; i < 4; i++) {
    napi_value v;
    bool detached = true;
    if (!ep->refs[i] || napi_get_reference_value(ep->env, ep->refs[i], &v) != napi_ok || !v ||
        napi_is_detached_arraybuffer(ep->env, v, &detached) != napi_ok || detached)
      return 0;
  }
  return 1;
}

static void fill_meta(int32_t *meta, const struct sockaddr_storage *ss) {
  if (ss->ss_family == AF_INET) {
    const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
    meta[2] = ntohs(a->sin_port);
    meta[3] = 4;
    memcpy(&meta[4], &a->sin_addr, 4);
    meta[5] = meta[6] = meta[7] = 0;
  } else {
    const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
    meta[2] = ntohs(a->sin6_port);
    meta[3] = 6;
    memcpy(&meta[4], &a->sin6_addr, 16);
  }
}

static void on_readable(uv_poll_t *handle, int status, int events) {
  (void)events;
  Endpoint *ep = (Endpoint *)handle->data;
  if (ep->closed) return;
  napi_env env = ep->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value callback, resource;
  napi_get_reference_value(env, ep->callback, &callback);
  napi_get_reference_value(env, ep->resource, &resource);
  if (status < 0 || !arenas_attached(ep)) {
    /* libuv stopped the watcher (socket error), or an arena was detached: tell JavaScript (a
     * negative count) and stop, rather than go deaf silently or write into freed memory. */
    napi_value argv[1], result;
    napi_create_int32(env, status < 0 ? status : -1, &argv[0]);
    if (ep->polling) uv_poll_stop(&ep->poll);
    ep->polling = 0;
    if (napi_make_callback(env, ep->async_context, resource, callback, 1, argv, &result) == napi_pending_exception) {
      napi_value err;
      napi_get_and_clear_last_exception(env, &err);
      napi_fatal_exception(env, err);
    }
    napi_close_handle_scope(env, scope);
    return;
  }
  for (int round = 0; round < MAX_ROUNDS && !ep->closed; round++) {
    for (int i = 0; i < MAX_BATCH; i++) {
      ep->iov[i].iov_base = ep->in_buf + (size_t)i * ep->slot_size;
      ep->iov[i].iov_len = ep->slot_size;
      memset(&ep->msgs[i].msg_hdr, 0, sizeof ep->msgs[i].msg_hdr);
      ep->msgs[i].msg_hdr.msg_name = &ep->addrs[i];
      ep->msgs[i].msg_hdr.msg_namelen = sizeof ep->addrs[i];
      ep->msgs[i].msg_hdr.msg_iov = &ep->iov[i];
      ep->msgs[i].msg_hdr.msg_iovlen = 1;
      ep->msgs[i].msg_hdr.msg_control = ep->control[i];
      ep->msgs[i].msg_hdr.msg_controllen = sizeof ep->control[i];
    }
    int n = recvmmsg(ep->fd, ep->msgs, MAX_BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) break; /* EAGAIN: drained; other errors (ICMP-reported ECONNREFUSED) are per packet */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    for (int i = 0; i < n; i++) {
      int32_t *meta = ep->in_meta + i * META_WORDS;
      meta[0] = (int32_t)ep->msgs[i].msg_len;
      meta[1] = (ep->msgs[i].msg_hdr.msg_flags & MSG_TRUNC) ? 1 : 0;
      fill_meta(meta, &ep->addrs[i]);
      meta[8] = -1;
      meta[9] = 0;
      for (struct cmsghdr *c = CMSG_FIRSTHDR(&ep->msgs[i].msg_hdr); c; c = CMSG_NXTHDR(&ep->msgs[i].msg_hdr, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
          uint32_t drops;
          memcpy(&drops, CMSG_DATA(c), sizeof drops);
          meta[9] = (int32_t)drops;
        } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
          struct timespec at;
          memcpy(&at, CMSG_DATA(c), sizeof at);
          int64_t waited = ((int64_t)now.tv_sec - at.tv_sec) * 1000000 + (now.tv_nsec - at.tv_nsec) / 1000;
          /* Over 10 s is a wall-clock step (NTP), not queueing: unknown. */
          meta[8] = waited < 0 ? 0 : (waited > 10000000 ? -1 : (int32_t)waited);
        }
      }
    }
    napi_value argv[1], result;
    napi_create_int32(env, n, &argv[0]);
    /* make_callback, not call_function: promise continuations run when it returns, as after any I/O. */
    napi_status st = napi_make_callback(env, ep->async_context, resource, callback, 1, argv, &result);
    if (st == napi_pending_exception) {
      napi_value err;
      napi_get_and_clear_last_exception(env, &err);
      napi_fatal_exception(env, err);
      break;
    }
    if (n < MAX_BATCH) break;
  }
  napi_close_handle_scope(env, scope);
}

/* open(host, port, family, bufferBytes, slotSize, inBuf, inMeta, outBuf, outMeta, onBatch)
 *   → { handle, port, receiveBuffer, sendBuffer } */
static napi_value Open(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 10) {
    napi_throw_type_error(env, NULL, "open: 10 arguments expected");
    return NULL;
  }
  char host[64];
  size_t host_len = 0;
  if (napi_get_value_string_utf8(env, argv[0], host, sizeof host, &host_len) != napi_ok) {
    napi_throw_type_error(env, NULL, "open: host must be a string");
    return NULL;
  }
  int32_t port = 0, family = 4, buffer_bytes = 0, slot_size = 0;
  napi_get_value_int32(env, argv[1], &port);
  napi_get_value_int32(env, argv[2], &family);
  napi_get_value_int32(env, argv[3], &buffer_bytes);
  napi_get_value_int32(env, argv[4], &slot_size);
  size_t in_len = 0, in_meta_len = 0, out_len = 0, out_meta_len = 0;
  uint8_t *in_buf = arraybuffer_data(env, argv[5], &in_len);
  int32_t *in_meta = arraybuffer_data(env, argv[6], &in_meta_len);
  uint8_t *out_buf = arraybuffer_data(env, argv[7], &out_len);
  int32_t *out_meta = arraybuffer_data(env, argv[8], &out_meta_len);
  napi_valuetype cb_type;
  napi_typeof(env, argv[9], &cb_type);
  if (!in_buf || !in_meta || !out_buf || !out_meta || cb_type != napi_function || slot_size <= 0 ||
      in_len < (size_t)slot_size * MAX_BATCH || in_meta_len < MAX_BATCH * META_WORDS * 4 || out_meta_len < META_WORDS * 4) {
    napi_throw_type_error(env, NULL, "open: bad arenas or callback");
    return NULL;
  }

  struct sockaddr_storage ss;
  socklen_t ss_len;
  memset(&ss, 0, sizeof ss);
  if (family == 6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1) return throw_errno(env, "open: bad IPv6 address", EINVAL);
    ss_len = sizeof *a;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &a->sin_addr) != 1) return throw_errno(env, "open: bad IPv4 address", EINVAL);
    ss_len = sizeof *a;
  }
  int fd = socket(family == 6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket", errno);
  if (family == 6) {
    /* Dual-stack like node:dgram: IPv4 peers arrive as ::ffff:a.b.c.d. */
    int off = 0;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  }
  {
    /* Kernel arrival time of each datagram: how long it queued before JavaScript saw it. */
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
    /* The socket's drop counter (receive buffer full) with each datagram: overflows become visible. */
    setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof on);
  }
  if (buffer_bytes > 0) {
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer_bytes, sizeof buffer_bytes);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer_bytes, sizeof buffer_bytes);
  }
  if (bind(fd, (struct sockaddr *)&ss, ss_len) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, "bind", err);
  }
  struct sockaddr_storage bound;
  socklen_t bound_len = sizeof bound;
  getsockname(fd, (struct sockaddr *)&bound, &bound_len);
  int bound_port = bound.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&bound)->sin6_port)
                                               : ntohs(((struct sockaddr_in *)&bound)->sin_port);
  int rcv = 0, snd = 0;
  socklen_t olen = sizeof rcv;
  getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, &olen);
  olen = sizeof snd;
  getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &snd, &olen);

  Endpoint *ep = calloc(1, sizeof *ep);
  if (!ep) {
    close(fd);
    return throw_errno(env, "open", ENOMEM);
  }
  size_t out_slots = out_meta_len / (META_WORDS * 4);
  ep->out_msgs = calloc(out_slots, sizeof *ep->out_msgs);
  ep->out_iov = calloc(out_slots, sizeof *ep->out_iov);
  ep->out_addrs = calloc(out_slots, sizeof *ep->out_addrs);
  if (!ep->out_msgs || !ep->out_iov || !ep->out_addrs) {
    close(fd);
    free_endpoint(ep);
    return throw_errno(env, "open", ENOMEM);
  }
  ep->env = env;
  ep->fd = fd;
  ep->family = family;
  ep->in_buf = in_buf;
  ep->slot_size = (size_t)slot_size;
  ep->in_meta = in_meta;
  ep->out_buf = out_buf;
  ep->out_size = out_len;
  ep->out_meta = out_meta;
  ep->out_slots = out_slots;
  for (int i = 0; i < 4; i++) napi_create_reference(env, argv[5 + i], 1, &ep->refs[i]);
  napi_create_reference(env, argv[9], 1, &ep->callback);
  napi_value resource, resource_name;
  napi_create_object(env, &resource);
  napi_create_reference(env, resource, 1, &ep->resource);
  napi_create_string_utf8(env, "NODMELD_SIP_UDP", NAPI_AUTO_LENGTH, &resource_name);
  napi_async_init(env, resource, resource_name, &ep->async_context);

  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  if (uv_poll_init(loop, &ep->poll, fd) != 0) {
    close(fd);
    release_refs(ep);
    free_endpoint(ep);
    return throw_errno(env, "uv_poll_init", EINVAL);
  }
  ep->poll.data = ep;
  uv_poll_start(&ep->poll, UV_READABLE, on_readable);
  ep->polling = 1;
  napi_add_env_cleanup_hook(env, on_env_cleanup, ep);

  napi_value out, handle, v;
  napi_create_object(env, &out);
  napi_create_external(env, ep, on_handle_finalized, NULL, &handle);
  napi_set_named_property(env, out, "handle", handle);
  napi_create_int32(env, bound_port, &v);
  napi_set_named_property(env, out, "port", v);
  napi_create_int32(env, rcv, &v);
  napi_set_named_property(env, out, "receiveBuffer", v);
  napi_create_int32(env, snd, &v);
  napi_set_named_property(env, out, "sendBuffer", v);
  return out;
}

static Endpoint *endpoint_of(napi_env env, napi_value value) {
  void *p = NULL;
  if (napi_get_value_external(env, value, &p) != napi_ok || !p) {
    napi_throw_type_error(env, NULL, "not an endpoint handle");
    return NULL;
  }
  return (Endpoint *)p;
}

/* send(handle, count) → number of datagrams the kernel refused (they are dropped; SIP retransmits). */
static napi_value Send(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Endpoint *ep = endpoint_of(env, argv[0]);
  if (!ep) return NULL;
  int32_t count = 0;
  napi_get_value_int32(env, argv[1], &count);
  if (ep->closed || !arenas_attached(ep)) count = 0;
  if (count < 0 || (size_t)count > ep->out_slots) {
    napi_throw_range_error(env, NULL, "send: bad count");
    return NULL;
  }
  int valid = 0;
  int refused = 0;
  for (int i = 0; i < count; i++) {
    const int32_t *meta = ep->out_meta + i * META_WORDS;
    size_t offset = (size_t)(uint32_t)meta[0], length = (size_t)(uint32_t)meta[1];
    if (offset > ep->out_size || length > ep->out_size - offset || meta[3] != ep->family) {
      refused++;
      continue;
    }
    struct mmsghdr *m = &ep->out_msgs[valid];
    struct sockaddr_storage *ss = &ep->out_addrs[valid];
    memset(ss, 0, sizeof *ss);
    memset(&m->msg_hdr, 0, sizeof m->msg_hdr);
    if (meta[3] == 6) {
      struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
      a->sin6_family = AF_INET6;
      a->sin6_port = htons((uint16_t)meta[2]);
      memcpy(&a->sin6_addr, &meta[4], 16);
      m->msg_hdr.msg_namelen = sizeof *a;
    } else {
      struct sockaddr_in *a = (struct sockaddr_in *)ss;
      a->sin_family = AF_INET;
      a->sin_port = htons((uint16_t)meta[2]);
      memcpy(&a->sin_addr, &meta[4], 4);
      m->msg_hdr.msg_namelen = sizeof *a;
    }
    ep->out_iov[valid].iov_base = ep->out_buf + offset;
    ep->out_iov[valid].iov_len = length;
    m->msg_hdr.msg_name = ss;
    m->msg_hdr.msg_iov = &ep->out_iov[valid];
    m->msg_hdr.msg_iovlen = 1;
    valid++;
  }
  int sent = 0;
  while (sent < valid) {
    int n = sendmmsg(ep->fd, ep->out_msgs + sent, (unsigned)(valid - sent), MSG_DONTWAIT);
    if (n > 0) {
      sent += n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      /* Send buffer full: the rest would fail the same way. Dropped; SIP retransmits. */
      refused += valid - sent;
      break;
    }
    /* A per-destination error: drop this one, go on with the rest. */
    refused++;
    sent++;
  }
  napi_value result;
  napi_create_int32(env, refused, &result);
  return result;
}

/* close(handle): stops watching and closes the socket now; the arena references are dropped when
 * libuv is done with the watcher, the Endpoint when the handle is also garbage. */
static napi_value Close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Endpoint *ep = endpoint_of(env, argv[0]);
  if (!ep || ep->closed) return NULL;
  napi_remove_env_cleanup_hook(env, on_env_cleanup, ep);
  shut(ep);
  return NULL;
}

/* drops(handle) → datagrams the kernel dropped on this socket since it was opened (SO_MEMINFO),
 * or -1 when the kernel cannot tell (before Linux 4.6) or the socket is closed. Read at scrape time:
 * SO_RXQ_OVFL only reports drops with the next datagram that gets through. */
static napi_value Drops(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Endpoint *ep = endpoint_of(env, argv[0]);
  if (!ep) return NULL;
  double drops = -1;
  if (!ep->closed && ep->fd >= 0) {
    uint32_t meminfo[SK_MEMINFO_VARS];
    socklen_t len = sizeof meminfo;
    memset(meminfo, 0, sizeof meminfo);
    if (getsockopt(ep->fd, SOL_SOCKET, SO_MEMINFO, meminfo, &len) == 0 && len > SK_MEMINFO_DROPS * sizeof(uint32_t))
      drops = meminfo[SK_MEMINFO_DROPS];
  }
  napi_value result;
  napi_create_double(env, drops, &result);
  return result;
}

/* pton(address) → Int32Array(5): raw network-order address words, then the family (4|6); null
 * when not an IP literal. */
static napi_value Pton(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char text[64];
  size_t len = 0;
  napi_value result;
  napi_get_null(env, &result);
  if (napi_get_value_string_utf8(env, argv[0], text, sizeof text, &len) != napi_ok) return result;
  uint8_t bytes[16] = {0};
  int32_t family = 4;
  if (inet_pton(AF_INET, text, bytes) != 1) {
    if (inet_pton(AF_INET6, text, bytes) != 1) return result;
    family = 6;
  }
  void *data;
  napi_value ab;
  napi_create_arraybuffer(env, 20, &data, &ab);
  memcpy(data, bytes, 16);
  memcpy((uint8_t *)data + 16, &family, 4);
  napi_create_typedarray(env, napi_int32_array, 5, ab, 0, &result);
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"open", NULL, Open, NULL, NULL, NULL, napi_enumerable, NULL},
      {"send", NULL, Send, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, Close, NULL, NULL, NULL, napi_enumerable, NULL},
      {"pton", NULL, Pton, NULL, NULL, NULL, napi_enumerable, NULL},
      {"drops", NULL, Drops, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  napi_value v;
  napi_create_int32(env, MAX_BATCH, &v);
  napi_set_named_property(env, exports, "maxBatch", v);
  napi_create_int32(env, META_WORDS, &v);
  napi_set_named_property(env, exports, "metaWords", v);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
