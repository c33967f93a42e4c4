fn main() {
    b2b_portal::start();
}
