//! The oauth2 crate's `AsyncHttpClient` over gloo-net: no redirects followed, no credentials sent, and only
//! the headers oauth2 sets (`Accept`, `Content-Type` form), so token requests stay CORS-simple.

use std::future::Future;
use std::pin::Pin;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct FetchError(pub String);

pub struct FetchClient;

impl<'c> oauth2::AsyncHttpClient<'c> for FetchClient {
    type Error = FetchError;
    type Future = Pin<Box<dyn Future<Output = Result<oauth2::HttpResponse, FetchError>> + 'c>>;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(async move {
            let mut builder = gloo_net::http::RequestBuilder::new(&request.uri().to_string())
                .method(request.method().clone())
                .redirect(web_sys::RequestRedirect::Error)
                .credentials(web_sys::RequestCredentials::Omit);
            for (name, value) in request.headers() {
                let value = value.to_str().map_err(|e| FetchError(e.to_string()))?;
                builder = builder.header(name.as_str(), value);
            }
            let body = js_sys::Uint8Array::from(request.body().as_slice());
            let response = builder
                .body(body)
                .map_err(|e| FetchError(e.to_string()))?
                .send()
                .await
                .map_err(|e| FetchError(e.to_string()))?;
            let mut out = http::Response::builder().status(response.status());
            // oauth2 reads the body and its Content-Type only; copying that one header keeps http's
            // header-name parser (17 KB) out of the download.
            if let Some(content_type) = response.headers().get("content-type") {
                out = out.header(http::header::CONTENT_TYPE, content_type);
            }
            let bytes = response.binary().await.map_err(|e| FetchError(e.to_string()))?;
            out.body(bytes).map_err(|e| FetchError(e.to_string()))
        })
    }
}
