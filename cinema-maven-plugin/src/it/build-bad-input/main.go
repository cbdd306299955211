package main

func main() { println("bad") }
