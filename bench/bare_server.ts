/**
 * The floor for the SSR benchmark: a bare `Deno.serve` that answers every request with the same
 * bytes (read once from a file) as `text/html`. bench/http_bench.sh compares the app's
 * server-rendered page with this server serving exactly that page's bytes.
 *
 *   deno run --allow-net --allow-read bench/bare_server.ts <port> <file>
 *
 * @module
 */

const [portText, file] = Deno.args;
const port = Number(portText);
if (!file || !Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(
    "usage: deno run --allow-net --allow-read bench/bare_server.ts <port> <file>",
  );
  Deno.exit(2);
}

const body = await Deno.readFile(file);
const headers = {
  "content-type": "text/html; charset=utf-8",
  "content-length": String(body.byteLength),
};

const server = Deno.serve({
  port,
  hostname: "127.0.0.1",
  onListen: ({ port }) =>
    console.log(
      `bare server on http://127.0.0.1:${port}/ (${body.byteLength} bytes)`,
    ),
}, () => new Response(body, { headers }));

const stop = () => server.shutdown().then(() => Deno.exit(0));
Deno.addSignalListener("SIGTERM", stop);
Deno.addSignalListener("SIGINT", stop);
