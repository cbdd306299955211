module example.com/events-service

go 1.19
