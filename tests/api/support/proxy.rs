//! A TCP relay in front of PostgreSQL that a test can cut and restore, to see how the
//! application behaves while its database is unreachable.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Relays connections from a local port to the real PostgreSQL until stopped.
pub struct Proxy {
    pub addr: SocketAddr,
    upstream: SocketAddr,
    stop: Arc<watch::Sender<bool>>,
}

impl Proxy {
    pub async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, _) = watch::channel(false);
        let proxy = Proxy {
            addr,
            upstream,
            stop: Arc::new(tx),
        };
        proxy.run(listener);
        proxy
    }

    fn run(&self, listener: TcpListener) {
        let upstream = self.upstream;
        let mut stopped = self.stop.subscribe();
        let stop = self.stop.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = stopped.changed() => break,
                    accepted = listener.accept() => {
                        let Ok((client, _)) = accepted else { break };
                        let mut stopped = stop.subscribe();
                        tokio::spawn(async move {
                            let Ok(server) = TcpStream::connect(upstream).await else { return };
                            let (mut client, mut server) = (client, server);
                            tokio::select! {
                                _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {},
                                _ = stopped.changed() => {},
                            }
                        });
                    }
                }
            }
        });
    }

    /// Closes the port and cuts every relayed connection.
    pub fn cut(&self) {
        let _ = self.stop.send(true);
    }

    /// Listens again on the same port.
    pub async fn restore(&mut self) {
        let listener = TcpListener::bind(self.addr)
            .await
            .expect("rebind the same port");
        self.stop = Arc::new(watch::channel(false).0);
        self.run(listener);
    }
}
