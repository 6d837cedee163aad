/*
 * Reference responder for `npm run bench:sip` (BENCH_SIP_REFERENCE=1) — a measuring instrument,
 * not part of nodmeld. It answers each INVITE with 100 Trying and a 302 whose Contact and
 * X-Nodmeld-Method come from the benchmark's callers CSV (the engine's expected answers), with no
 * parsing beyond five headers, no transactions and no routing: about the least work a UDP
 * responder can do. Run by the benchmark under the same sipp scenario and at the same rates as the
 * server, it shows what the harness and the machine (sipp, kernel, hypervisor) cost on their own.
 *
 * Usage: sip-responder CALLERS.CSV PORT     (binds 127.0.0.1:PORT, prints "ready" on stdout)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct {
  char number[32];
  char contact[32];
  char method[32];
} Row;

static Row *rows;
static int row_count;

static int by_number(const void *a, const void *b) { return strcmp(((const Row *)a)->number, ((const Row *)b)->number); }

/* Value of header `name` (full form) in msg[0..len), trimmed; NULL when absent. */
static const char *header(const char *msg, int len, const char *name, int *out_len) {
  size_t name_len = strlen(name);
  const char *end = msg + len;
  for (const char *p = msg; p < end;) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) break;
    if ((size_t)(eol - p) > name_len && strncasecmp(p, name, name_len) == 0 && p[name_len] == ':') {
      const char *v = p + name_len + 1;
      while (*v == ' ') v++;
      int l = (int)(eol - v);
      if (l > 0 && v[l - 1] == '\r') l--;
      *out_len = l;
      return v;
    }
    p = eol + 1;
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s CALLERS.CSV PORT\n", argv[0]);
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  char line[256];
  int capacity = 1024;
  rows = malloc(sizeof(Row) * (size_t)capacity);
  if (!fgets(line, sizeof line, f)) return 1; /* SEQUENTIAL */
  while (fgets(line, sizeof line, f)) {
    char *number = strtok(line, ";\n"), *contact = strtok(NULL, ";\n"), *network = strtok(NULL, ";\n"),
         *method = strtok(NULL, ";\n");
    (void)network;
    if (!method) continue;
    if (row_count == capacity) rows = realloc(rows, sizeof(Row) * (size_t)(capacity *= 2));
    snprintf(rows[row_count].number, sizeof rows[row_count].number, "%s", number);
    snprintf(rows[row_count].contact, sizeof rows[row_count].contact, "%s", contact);
    snprintf(rows[row_count].method, sizeof rows[row_count].method, "%s", method);
    row_count++;
  }
  fclose(f);
  qsort(rows, (size_t)row_count, sizeof(Row), by_number);

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int size = 8 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)atoi(argv[2]));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    perror("bind");
    return 1;
  }
  printf("ready\n");
  fflush(stdout);

  static char buf[65536], out[4096];
  for (;;) {
    struct sockaddr_in from;
    socklen_t from_len = sizeof from;
    int n = (int)recvfrom(fd, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &from_len);
    if (n <= 0 || strncmp(buf, "INVITE ", 7) != 0) continue; /* ACKs and the rest: nothing to do */
    int via_len, from_hdr_len, to_len, call_id_len, cseq_len;
    const char *via = header(buf, n, "Via", &via_len), *from_hdr = header(buf, n, "From", &from_hdr_len),
               *to = header(buf, n, "To", &to_len), *call_id = header(buf, n, "Call-ID", &call_id_len),
               *cseq = header(buf, n, "CSeq", &cseq_len);
    if (!via || !from_hdr || !to || !call_id || !cseq) continue;
    Row key = {0};
    const char *user = strstr(from_hdr, "sip:");
    if (user) {
      user += 4;
      for (int k = 0; user[k] && user[k] != '@' && k < (int)sizeof key.number - 1; k++) key.number[k] = user[k];
    }
    const Row *row = bsearch(&key, rows, (size_t)row_count, sizeof(Row), by_number);
    int len = snprintf(out, sizeof out,
                       "SIP/2.0 100 Trying\r\nVia: %.*s\r\nFrom: %.*s\r\nTo: %.*s\r\nCall-ID: %.*s\r\nCSeq: %.*s\r\n"
                       "Content-Length: 0\r\n\r\n",
                       via_len, via, from_hdr_len, from_hdr, to_len, to, call_id_len, call_id, cseq_len, cseq);
    sendto(fd, out, (size_t)len, 0, (struct sockaddr *)&from, from_len);
    len = snprintf(out, sizeof out,
                   "SIP/2.0 302 Moved Temporarily\r\nVia: %.*s\r\nFrom: %.*s\r\nTo: %.*s;tag=reference\r\n"
                   "Call-ID: %.*s\r\nCSeq: %.*s\r\nContact: <sip:%s@127.0.0.1>\r\nX-Nodmeld-Method: %s\r\n"
                   "Content-Length: 0\r\n\r\n",
                   via_len, via, from_hdr_len, from_hdr, to_len, to, call_id_len, call_id, cseq_len, cseq,
                   row ? row->contact : "unknown", row ? row->method : "unknown");
    sendto(fd, out, (size_t)len, 0, (struct sockaddr *)&from, from_len);
  }
}
